"""Encoder backends: a MiniLM-shaped transformer as a function from texts to unit vectors.

`pooled_encoder` runs the transformer's mean-pooled, unit-length vectors (MiniLM's own
pooling) through ONNX Runtime, from a graph exported once into the user cache, and falls
back to PyTorch with one note line when onnxruntime is missing or the export fails.
`int8_pooled_encoder` (int8.py) runs a graph's int8 copy one text at a time, so a
vector depends on its text alone. Training never comes here: it stays in PyTorch (fine_tuning.py).
"""

from cqc_themes.models.encoders.pooled import BatchEncoder, pooled_encoder

__all__ = ["BatchEncoder", "pooled_encoder"]
