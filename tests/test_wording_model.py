"""Layer 4 of the wording score: a sequence-classification model, built tiny in the test
(a byte-level BPE tokenizer trained on a few sentences and a RoBERTa of a few thousand
parameters), saved to a temporary folder and loaded back by path, as a user loads a hub id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmark.errors import InputError
from benchmark.metrics.wording_model import QUOTE_MASK, WordingModel, masked, resolve_label
from benchmark.text import quote_spans, split_sentences


@pytest.mark.parametrize(
    ("id2label", "num", "wanted", "expected"),
    [
        ({0: "Non-biased", 1: "Biased"}, 2, None, 1),
        ({0: "biased", 1: "unbiased"}, 2, None, 0),
        ({0: "LABEL_0", 1: "LABEL_1"}, 2, None, 1),
        ({0: "neutral", 1: "loaded"}, 2, None, 1),
        ({0: "x"}, 1, None, 0),  # one logit: a sigmoid
        ({0: "left", 1: "center", 2: "right"}, 3, "center", 1),
        ({0: "left", 1: "center", 2: "right"}, 3, "2", 2),
        ({0: "left", 1: "center", 2: "right"}, 3, 0, 0),
    ],
)
def test_resolve_label(id2label: dict[int, str], num: int, wanted: Any, expected: int) -> None:
    assert resolve_label(id2label, num, wanted) == expected


@pytest.mark.parametrize(
    ("id2label", "wanted", "message"),
    [
        ({0: "left", 1: "center", 2: "right"}, None, "cannot tell which"),
        ({0: "a", 1: "b"}, "c", "no label 'c'"),
        ({0: "a", 1: "b"}, 5, "label index 5"),
    ],
)
def test_resolve_label_errors(id2label: dict[int, str], wanted: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        resolve_label(id2label, len(id2label), wanted)


def test_masked_replaces_quotations_and_keeps_own_word_offsets() -> None:
    text = "He said “the plan is bizarre” and left. Fine."
    sent = split_sentences(text)[0]
    out, own = masked(sent, quote_spans(text))
    assert out == f"He said {QUOTE_MASK} and left."
    assert [text[s:e] for s, e, _, _ in own] == ["He", "said", "and", "left"]
    assert [out[ms:me] for _, _, ms, me in own] == ["He", "said", "and", "left"]


class _Keyword(WordingModel):
    """P(biased) = 0.9 when the sentence has "slams", 0.6 with "odd", else 0.1."""

    def probabilities(self, sentences: Any) -> list[float]:
        return [0.9 if "slams" in s else 0.6 if "odd" in s else 0.1 for s in sentences]


def test_scores_are_sentence_means_and_cues_come_from_occlusion() -> None:
    m = _Keyword(model="unused", top_words=2)
    got = m.score_many(["Minister slams odd plan. Rain fell.", "He said “X slams Y”."])
    first, second = got
    assert first.sentences == (0.9, 0.1) and first.bias == pytest.approx(0.5)
    # removing "slams" drops 0.9 -> 0.6; nothing else changes the probability
    assert [(c.text, c.drop) for c in first.cues] == [("slams", pytest.approx(0.3))]
    assert second.sentences == (0.1,) and second.cues == ()  # the quotation is masked
    assert _Keyword(model="unused", explain=False).score_many(["Minister slams."])[0].cues == ()


def test_all_quoted_sentences_have_no_own_voice_to_score() -> None:
    m = _Keyword(model="unused")
    (read,) = m.score_many(["“Minister slams odd plan.” Rain fell."])
    assert read.sentences == (0.0, 0.1)


def test_tokenised_text_is_read_and_explained_as_given() -> None:
    m = _Keyword(model="unused", top_words=1)
    text = "minister slams ` plan ' -lrb- odd -rrb- ."
    (read,) = m.score_many([text])
    assert read.sentences == (0.9,)
    assert [(c.text, text[c.start : c.end]) for c in read.cues] == [("slams", "slams")]


def test_bad_settings_are_refused() -> None:
    with pytest.raises(InputError):
        WordingModel(model="x", batch_size=0)


# --- a real (tiny) model ------------------------------------------------------------------


torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

CORPUS = [
    "Critics slammed the bizarre plan on Monday.",
    "The council approved the budget after a vote.",
    "He said “the scheme is a disgrace” and left.",
    "Officials met to discuss the figures.",
]


@pytest.fixture(scope="module")
def tiny_classifier(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tiny_models import tiny_tokenizer

    path = tmp_path_factory.mktemp("tiny-roberta-bias")
    fast = tiny_tokenizer(CORPUS, vocab=300)
    config = transformers.RobertaConfig(
        vocab_size=len(fast),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=160,
        pad_token_id=fast.pad_token_id,
        bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id,
        num_labels=2,
        id2label={0: "Non-biased", 1: "Biased"},
        label2id={"Non-biased": 0, "Biased": 1},
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(3)
        net = transformers.RobertaForSequenceClassification(config)
    net.save_pretrained(path)
    fast.save_pretrained(path)
    return str(path)


def test_tiny_model_loads_by_path_and_scores_deterministically(tiny_classifier: str) -> None:
    m = WordingModel(model=tiny_classifier, batch_size=2)
    probs = m.probabilities(CORPUS)
    assert len(probs) == 4 and all(0.0 < p < 1.0 for p in probs)
    assert WordingModel(model=tiny_classifier, batch_size=1).probabilities(CORPUS) == pytest.approx(
        probs, abs=1e-5
    )
    a, b = m.score_many(["He said “the plan is bizarre”.", "He said “officials met”."])
    assert a.bias == pytest.approx(b.bias)  # only the quotation differs, and it is masked
    name = Path(tiny_classifier).name
    assert m.signature.startswith(f"1.0.0:{name}@sha256:") and m.signature.endswith("#auto")
    assert WordingModel(model="org/model", revision="abc123", label=1).signature == (
        "1.0.0:org/model@abc123#1"
    )


def test_model_scores_in_results(tiny_classifier: str) -> None:
    from benchmark.records import Article, Prediction
    from benchmark.scoring import MODEL_METRICS, ScoreOptions, build_results, score_predictions

    arts = [Article("a1", "Plan approved", ("The council approved it.",), CORPUS[1], "test")]
    preds = [Prediction("a1", "Critics slammed the plan", ("Critics slammed the bizarre plan.",))]
    options = ScoreOptions(bootstrap_samples=10, wording_model=tiny_classifier)
    items = score_predictions(arts, preds, options=options)
    for name in MODEL_METRICS:
        assert 0.0 < (items[0].values[name] or 0.0) < 1.0
    results = build_results(items, fingerprint="0" * 64, split="test", options=options)
    assert set(MODEL_METRICS) <= set(results["metrics"])
    signature = WordingModel(model=tiny_classifier).signature
    assert f"+model:{signature}" in results["signature"]
    assert results["wording"]["model"] == signature
    plain = build_results(
        score_predictions(arts, preds, options=ScoreOptions(bootstrap_samples=10)),
        fingerprint="0" * 64,
        split="test",
        options=ScoreOptions(bootstrap_samples=10),
    )
    assert not set(MODEL_METRICS) & set(plain["metrics"]) and "+model:" not in plain["signature"]


def test_missing_model_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot load the wording model"):
        WordingModel(model=str(tmp_path / "nothing")).probabilities(["A sentence."])
