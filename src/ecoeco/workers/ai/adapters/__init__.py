"""Classifier adapters: ONNX (EfficientNet-Lite0 or an operator model) and OpenAI-compatible vision."""
