"""Classifier adapters: ONNX (EfficientNet-Lite0 or an operator's model), OpenAI-style vision."""
