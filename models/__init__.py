"""The models stage: what is learnt from findings, and what reads them by meaning.

- Labels (strength / improvement / context): classifier.py, fine_tuning.py,
  finding_features.py, lexicon.py, trained.py and the artefact it ships; labelling.py
  applies them to a corpus; review.py, correction_import.py, teaching.py and
  taught_encoder.py let a researcher's corrections teach it; evaluation.py and
  baselines.py measure it.
- Embeddings: embeddings.py loads MiniLM once; encoders/ runs it (ONNX, int8).
- Themes: codebook/ codes findings against named themes; discovery/ finds the rest
  (BERTopic); themes.py joins the two.
- Search by meaning: search/.
"""
