"""all-MiniLM-L6-v2 fine-tuned to tell strengths, shortfalls and description apart.

Frozen sentence embeddings mostly encode what a sentence is about (carers, discharge,
budgets), while the label turns on how it is said: "had a carers' hub" describes, "had a
carers' hub that carers valued" judges. Fine-tuning the encoder with a three-way head on
the labelled sentences moves that judgement into the vectors. Measured on the shared dev
labels the fine-tuned encoder beat every frozen-feature model we tried; blended with the
logistic regression (classifier.py) it is steadier still.

The network reads the sentence after a short prefix naming its place in the report and
its statement's score ("key findings | score 2 | ..."), so it can learn that the same
words weigh differently in a score-1 statement than in a summary of people's experiences.
Training is seeded and runs on the CPU; the word-embedding matrix stays frozen, which
halves the work per step and keeps words the training set never uses where the
pre-trained model put them.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from cqc_themes.models.embeddings import EMBEDDING_DIMENSIONS, load_embedding_model
from cqc_themes.models.finding_features import ClassifiableFinding, place_of

# Never trained (fit freezes it), so it is not stored: the bundled model's copy is exact.
FROZEN_WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


def encoder_input(finding: ClassifiableFinding) -> str:
    """The text the fine-tuned encoder reads: place and score, then the sentence."""
    score = f"score {finding.statement_score}" if finding.statement_score else "no score"
    return f"{place_of(finding)} | {score} | {finding.text}"


@dataclass(frozen=True)
class FineTuningSettings:
    """How the encoder is fine-tuned. The defaults were chosen once, against the dev
    labels' macro-F1 on the first 1,628 training sentences, and then left alone."""

    epochs: int = 4
    learning_rate: float = 4e-5
    weight_decay: float = 0.01
    batch_size: int = 16
    max_tokens: int = 128
    random_state: int = 0


class FineTunedEncoder:
    """A MiniLM copy with a linear head, fitted to labelled findings.

    `fit` trains; `encode` gives the fine-tuned sentence vectors (what the corpus caches,
    under `model_name`); `probabilities_from_vectors` applies the head to them. It pickles
    as its trained weights in half precision, leaving out the frozen word embeddings
    (they come back from the bundled model), so about 22 MB rather than 90; `fit` ends by
    rounding the live weights the same way, so a model read back from the cache or the
    shipped artefact predicts exactly as the one that was just trained."""

    def __init__(
        self, classes: Sequence[str], settings: FineTuningSettings, model_name: str = ""
    ) -> None:
        self.classes = tuple(classes)
        self.settings = settings
        self.model_name = model_name
        self._build()

    def _build(self) -> None:
        import torch

        base = load_embedding_model()
        self._tokenizer = base.tokenizer
        # A private copy: the shared embedding model keeps serving topics and search.
        self._encoder = copy.deepcopy(base[0].auto_model)
        self._head = torch.nn.Linear(EMBEDDING_DIMENSIONS, len(self.classes))

    def __getstate__(self) -> dict[str, object]:
        return {
            "classes": self.classes,
            "settings": self.settings,
            "model_name": self.model_name,
            "weights": self._weights_bytes(),
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.classes = state["classes"]
        self.settings = state["settings"]
        self.model_name = state["model_name"]
        self._build()
        self._load_weights(state["weights"])

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        on_step: Callable[[int, int], None] | None = None,
    ) -> FineTunedEncoder:
        """Fine-tune on `texts` (already prefixed by encoder_input) and their labels.
        `on_step(done, total)` is called after each batch."""
        import torch

        settings = self.settings
        torch.manual_seed(settings.random_state)
        self._head.reset_parameters()  # its starting weights come from the seed too
        generator = torch.Generator().manual_seed(settings.random_state)
        targets = torch.tensor([self.classes.index(label) for label in labels])
        counts = torch.bincount(targets, minlength=len(self.classes)).float().clamp(min=1)
        class_weights = counts.sum() / (len(self.classes) * counts)  # "balanced", as sklearn
        self._encoder.get_input_embeddings().weight.requires_grad_(False)
        parameters = [p for p in self._encoder.parameters() if p.requires_grad]
        optimiser = torch.optim.AdamW(
            [*parameters, *self._head.parameters()],
            lr=settings.learning_rate,
            weight_decay=settings.weight_decay,
        )
        steps_per_epoch = -(-len(texts) // settings.batch_size)
        total = steps_per_epoch * settings.epochs
        done = 0
        self._encoder.train()
        for _ in range(settings.epochs):
            for batch in _batches(texts, settings.batch_size, generator):
                logits = self._head(self._pooled([texts[i] for i in batch]))
                loss = torch.nn.functional.cross_entropy(
                    logits, targets[batch], weight=class_weights
                )
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                done += 1
                if on_step:
                    on_step(done, total)
        self._load_weights(self._weights_bytes())  # the precision the cache keeps
        return self

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Fine-tuned, unit-length sentence vectors, one row per text."""
        import torch

        vectors = np.zeros((len(texts), EMBEDDING_DIMENSIONS), dtype=np.float32)
        # Sentences of similar length share a batch, so little time goes on padding.
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(texts), 64):
                rows = by_length[start : start + 64]
                vectors[rows] = self._pooled([texts[i] for i in rows]).numpy()
                if on_batch:
                    on_batch(len(rows))
        return vectors

    def probabilities_from_vectors(self, vectors: np.ndarray) -> np.ndarray:
        """The head's label probabilities (columns in `classes` order) for encoded vectors."""
        import torch

        with torch.inference_mode():
            logits = self._head(torch.from_numpy(np.ascontiguousarray(vectors)))
            return torch.softmax(logits, dim=1).numpy().astype(np.float64)

    def _weights_bytes(self) -> bytes:
        import torch

        def half(state):
            return {
                name: tensor.half() if tensor.is_floating_point() else tensor
                for name, tensor in state.items()
            }

        trained = {
            name: tensor
            for name, tensor in self._encoder.state_dict().items()
            if name != FROZEN_WORD_EMBEDDINGS
        }
        buffer = io.BytesIO()
        torch.save({"encoder": half(trained), "head": half(self._head.state_dict())}, buffer)
        return buffer.getvalue()

    def _load_weights(self, data: bytes) -> None:
        import torch

        state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
        for module, key in ((self._encoder, "encoder"), (self._head, "head")):
            weights = {
                name: tensor.float() if tensor.is_floating_point() else tensor
                for name, tensor in state[key].items()
            }
            missing, unexpected = module.load_state_dict(weights, strict=False)
            if unexpected or set(missing) - {FROZEN_WORD_EMBEDDINGS}:
                raise RuntimeError(
                    f"fine-tuned weights do not fit the encoder: "
                    f"missing {missing}, unexpected {unexpected}"
                )
        self._encoder.eval()

    def _pooled(self, texts: list[str]):  # -> torch.Tensor
        """Unit-length mean of the token vectors (MiniLM's own pooling), as `encode` gives
        them, so the head is trained on exactly what the corpus caches."""
        import torch

        tokens = self._tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.settings.max_tokens,
            return_tensors="pt",
        )
        hidden = self._encoder(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)


def _batches(texts: Sequence[str], size: int, generator) -> list[list[int]]:
    """One epoch's batches in random order, each of similar-length texts: shuffle, then
    sort by length within windows of 50 batches, so padding costs little but every epoch
    still mixes differently."""
    import torch

    order = torch.randperm(len(texts), generator=generator).tolist()
    window = size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: len(texts[i]))
        batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]
