"""Settings of the ai worker (`ECOECO_AI_` variables): which classifier, and how to run it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MODELS_DIR = Path(__file__).resolve().parent / "models"
IMAGENET_MODEL = MODELS_DIR / "efficientnet_lite0.onnx"
IMAGENET_LABELS = MODELS_DIR / "imagenet_labels.txt"


class ClassifierKind(StrEnum):
    """Which vision adapter answers the vision stage."""

    imagenet = "imagenet"  # the bundled EfficientNet-Lite0 with the knowledge base's ImageNet map
    onnx = "onnx"  # an operator's own ONNX waste classifier
    openai = "openai"  # an OpenAI-compatible vision chat endpoint


class AiSettings(BaseSettings):
    """The classifier, its model files, its limits and the vision endpoint."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_AI_", extra="ignore")

    classifier: ClassifierKind = ClassifierKind.imagenet
    top_k: int = Field(default=5, ge=1, le=50)
    confident_score: float = Field(default=0.35, ge=0.0, le=1.0)
    intra_op_threads: int = Field(default=0, ge=0)  # 0: onnxruntime's default (one per core)
    intra_op_spinning: bool = False  # busy-wait between ops: faster alone, worse on a busy node

    model_path: Path | None = None  # default: the bundled EfficientNet-Lite0
    labels_path: Path | None = None  # one label per line, in the model's output order
    label_map_path: Path | None = None  # YAML: label -> category slug or {category, item}
    input_mean: tuple[float, float, float] = (127.0, 127.0, 127.0)
    input_std: tuple[float, float, float] = (128.0, 128.0, 128.0)
    input_crop: float = Field(default=1.0, gt=0.0, le=1.0)  # operator model: centre-crop share

    vision_timeout_seconds: float = Field(default=30.0, gt=0)
    vision_max_retries: int = Field(default=2, ge=0, le=10)
    vision_backoff_seconds: float = Field(default=0.5, ge=0)

    openai_base_url: str | None = None  # e.g. http://localhost:11434/v1 for Ollama
    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4o-mini"
    openai_request_timeout_seconds: float = Field(default=20.0, gt=0)
    openai_image_max_side: int = Field(default=768, ge=64, le=4096)
    openai_json_schema: bool = True  # False: ask for json_object (servers without json_schema)

    @model_validator(mode="after")
    def _needs_what_its_kind_uses(self) -> AiSettings:
        """Refuse a configuration that cannot work, at startup rather than on the first scan."""
        if self.classifier is ClassifierKind.onnx:
            missing = [
                name
                for name, value in (
                    ("ECOECO_AI_MODEL_PATH", self.model_path),
                    ("ECOECO_AI_LABELS_PATH", self.labels_path),
                    ("ECOECO_AI_LABEL_MAP_PATH", self.label_map_path),
                )
                if value is None
            ]
            if missing:
                raise ValueError(f"classifier 'onnx' needs {', '.join(missing)}")
        if self.classifier is ClassifierKind.openai and not self.openai_base_url:
            raise ValueError("classifier 'openai' needs ECOECO_AI_OPENAI_BASE_URL")
        return self

    @property
    def imagenet_model_path(self) -> Path:
        """The ImageNet model file: the configured one, or the bundled one."""
        return self.model_path or IMAGENET_MODEL

    @property
    def imagenet_labels_path(self) -> Path:
        """The ImageNet labels file: the configured one, or the bundled one."""
        return self.labels_path or IMAGENET_LABELS
