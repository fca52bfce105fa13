"""The neural baselines on tiny models built on the fly (the hub is never reached).

A byte-level BPE tokenizer is trained on a few sentences, a BART and a Llama of a few
thousand parameters are built from their configs, saved to a temporary folder and
loaded back by path: the same code path a user takes with a hub id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from tiny_models import tiny_tokenizer  # noqa: E402

from baselines import seq2seq  # noqa: E402
from baselines.base import Failure, run_summariser  # noqa: E402
from baselines.instruct import InstructSummariser  # noqa: E402
from baselines.prompts import SYSTEM  # noqa: E402
from baselines.seq2seq import (  # noqa: E402
    GenerationFailedError,
    Seq2SeqSummariser,
    first_sentence,
)
from benchmark.errors import InputError  # noqa: E402
from benchmark.records import Article, Prediction  # noqa: E402

ANSWER = {"headline": "Floods hit the city", "bullets": ["Thousands were moved.", "Rain fell."]}
CORPUS = [
    "Floods hit the city. Thousands were moved to higher ground on Monday.",
    "The council said as many as 3,000 homes could be affected, according to officials.",
    "Rain fell for three days. Rivers rose and roads were closed across the region.",
    "Prices rose by 2.5% in March, the statistics office said.",
    "The minister will visit the area on Tuesday, a spokesperson said.",
    json.dumps(ANSWER),
    SYSTEM,
    "Summarise the article below as JSON with two keys: headline and bullets (a list of 3 "
    "short sentences). Answer with the JSON object only.\n\nARTICLE:\n",
    "<|system|> <|user|> <|assistant|>",
]
ARTICLES = [
    Article("a1", None, None, CORPUS[0] + " " + CORPUS[1], "test"),
    Article("a2", None, None, CORPUS[2], "test"),
    Article("a3", None, None, CORPUS[3] + " " + CORPUS[4] + " " + CORPUS[1], "test"),
]
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}"
    "{{ eos_token }}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def _tokenizer(*, append_eos: bool) -> Any:
    return tiny_tokenizer(CORPUS, append_eos=append_eos)


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tiny-bart")
    tok = _tokenizer(append_eos=True)
    config = transformers.BartConfig(
        vocab_size=len(tok),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=256,
        pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        decoder_start_token_id=tok.eos_token_id,
        forced_bos_token_id=None,
        init_std=0.5,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(1)
        model = transformers.BartForConditionalGeneration(config)
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return str(path)


@pytest.fixture(scope="module")
def tiny_chat(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tiny-chat")
    tok = _tokenizer(append_eos=False)
    tok.chat_template = CHAT_TEMPLATE
    config = transformers.LlamaConfig(
        vocab_size=len(tok),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        initializer_range=0.5,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(2)
        model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return str(path)


def _s2s(path: str, **kw: Any) -> Seq2SeqSummariser:
    opts: dict[str, Any] = {
        "num_beams": 2,
        "max_new_tokens": 12,
        "min_new_tokens": 4,
        "max_input_tokens": 128,
    }
    opts.update(kw)
    return Seq2SeqSummariser(model=path, **opts)


def _fake_generate(
    tok: Any, answers: list[str], calls: list[dict[str, Any]], *, seq2seq: bool = False
) -> Any:
    """A ``generate`` that answers each row of the batch with a fixed text (and EOS).

    A causal LM returns the prompt followed by the answer; an encoder-decoder returns the
    decoder start token followed by the answer.
    """

    def generate(input_ids: Any, attention_mask: Any = None, **kwargs: Any) -> Any:
        calls.append({"input_ids": input_ids, "attention_mask": attention_mask, **kwargs})
        rows = [
            tok(a, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
            for a in answers[: len(input_ids)]
        ]
        width = max(map(len, rows))
        new = torch.tensor([r + [tok.pad_token_id] * (width - len(r)) for r in rows])
        if seq2seq:
            return torch.cat([torch.full((len(rows), 1), tok.eos_token_id), new], dim=1)
        return torch.cat([input_ids, new], dim=1)

    return generate


# -- Seq2SeqSummariser ------------------------------------------------------------------


def test_seq2seq_one_prediction_per_article_in_order(tiny_bart: str) -> None:
    preds = _s2s(tiny_bart, max_bullets=3).summarise(ARTICLES)
    assert [p.id for p in preds] == ["a1", "a2", "a3"]
    for p in preds:
        assert isinstance(p, Prediction)
        assert isinstance(p.headline, str) and p.headline.strip()
        assert 1 <= len(p.bullets) <= 3
        assert all(isinstance(b, str) and b.strip() for b in p.bullets)


def test_seq2seq_deterministic_with_same_seed(tiny_bart: str) -> None:
    state = torch.random.get_rng_state()
    first = _s2s(tiny_bart, seed=7).summarise(ARTICLES)
    second = _s2s(tiny_bart, seed=7).summarise(ARTICLES)
    assert first == second
    assert torch.equal(torch.random.get_rng_state(), state)  # the caller's RNG is untouched


@pytest.mark.parametrize("num_beams", [1, 2])
def test_seq2seq_batch_size_does_not_change_output(tiny_bart: str, num_beams: int) -> None:
    one = _s2s(tiny_bart, batch_size=1, num_beams=num_beams).summarise(ARTICLES)
    three = _s2s(tiny_bart, batch_size=3, num_beams=num_beams).summarise(ARTICLES)
    assert one == three


def test_seq2seq_headline_is_first_sentence_of_generation(tiny_bart: str) -> None:
    summariser = _s2s(tiny_bart, num_beams=1)
    summariser._load()
    raw = summariser._generate([summariser.prefix + a.body for a in ARTICLES], 12, 4)
    preds = summariser.summarise(ARTICLES)
    assert [p.headline for p in preds] == [first_sentence(t) for t in raw]


def test_seq2seq_parses_known_generation(tiny_bart: str, monkeypatch: pytest.MonkeyPatch) -> None:
    summariser = _s2s(tiny_bart)
    summariser._load()
    calls: list[dict[str, Any]] = []
    text = "Floods hit the city. Thousands were moved to higher ground on Monday."
    fake = _fake_generate(summariser._tokenizer, [text] * 3, calls, seq2seq=True)
    monkeypatch.setattr(summariser._model, "generate", fake)
    [pred] = summariser.summarise(ARTICLES[:1])
    assert pred == Prediction(
        "a1",
        "Floods hit the city",
        ("Floods hit the city.", "Thousands were moved to higher ground on Monday."),
    )
    assert calls[0]["num_beams"] == 2 and calls[0]["max_new_tokens"] == 12


def test_seq2seq_second_generation_headline(
    tiny_bart: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _s2s(tiny_bart).summarise(ARTICLES)
    summariser = _s2s(tiny_bart, headline="second_generation", headline_max_new_tokens=6)
    summariser._load()
    calls: list[Any] = []
    real = summariser._model.generate

    def spy(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(summariser._model, "generate", spy)
    preds = summariser.summarise(ARTICLES)
    assert [p.bullets for p in preds] == [p.bullets for p in plain]  # the same summary
    assert all(p.headline.strip() for p in preds)
    assert [c["max_new_tokens"] for c in calls] == [12, 6]  # one batch, two generations
    assert "headline_prefix" in summariser.config()


def test_seq2seq_loads_lazily_and_checks_settings(tmp_path: Path) -> None:
    missing = Seq2SeqSummariser(model=str(tmp_path / "no-such-model"))  # nothing loaded yet
    assert missing.summarise([]) == []
    with pytest.raises(InputError, match="headline"):
        Seq2SeqSummariser(model="x", headline="title")
    with pytest.raises(InputError, match="batch_size"):
        Seq2SeqSummariser(model="x", batch_size=0)


def test_seq2seq_input_longer_than_positions_is_refused(tiny_bart: str) -> None:
    with pytest.raises(InputError, match="256 positions"):
        _s2s(tiny_bart, max_input_tokens=1024).summarise(ARTICLES)


def test_missing_torch_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "torch", None)
    with pytest.raises(ImportError, match=r"headline-bench\[neural\].*torch==2\.13\.0"):
        seq2seq.require_torch()


def test_seq2seq_empty_generation_is_a_failure(
    tiny_bart: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    summariser = _s2s(tiny_bart)
    summariser._load()
    fake = _fake_generate(summariser._tokenizer, ["  "] * 3, [], seq2seq=True)
    monkeypatch.setattr(summariser._model, "generate", fake)
    preds, failures = summariser.summarise_with_failures(ARTICLES[:2])
    assert preds == [] and [f.id for f in failures] == ["a1", "a2"]
    with pytest.raises(GenerationFailedError, match="'a1'"):
        summariser.summarise(ARTICLES[:1])


# -- InstructSummariser -----------------------------------------------------------------


def _instruct(path: str, **kw: Any) -> InstructSummariser:
    opts: dict[str, Any] = {"max_input_tokens": 1024, "max_new_tokens": 12, "batch_size": 2}
    opts.update(kw)
    return InstructSummariser(model=path, **opts)


def test_instruct_random_weights_give_failures_not_empty_summaries(tiny_chat: str) -> None:
    summariser = _instruct(tiny_chat)
    preds, failures = summariser.summarise_with_failures(ARTICLES)
    assert preds == []
    assert [f.id for f in failures] == ["a1", "a2", "a3"]
    for f in failures:
        assert isinstance(f, Failure)
        assert f.error.startswith("unparseable answer")
        assert isinstance(f.raw, str)
    with pytest.raises(GenerationFailedError, match="'a2'"):
        summariser.summarise(ARTICLES[1:2])
    # run_summariser keeps failures out of the predictions
    got, failed = run_summariser(summariser, ARTICLES[:1], progress=False)
    assert got == [] and [f.id for f in failed] == ["a1"]


def test_instruct_parses_answer_and_decodes_only_new_tokens(
    tiny_chat: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    summariser = _instruct(tiny_chat, batch_size=3)
    summariser._load()
    tok = summariser._tokenizer
    calls: list[dict[str, Any]] = []
    answers = [json.dumps(ANSWER), "Rain fell.", "```json\n" + json.dumps(ANSWER) + "\n```"]
    monkeypatch.setattr(summariser._model, "generate", _fake_generate(tok, answers, calls))
    preds, failures = summariser.summarise_with_failures(ARTICLES)
    expected = ("Floods hit the city", ("Thousands were moved.", "Rain fell."))
    assert [(p.id, p.headline, p.bullets) for p in preds] == [("a1", *expected), ("a3", *expected)]
    assert [(f.id, f.raw) for f in failures] == [("a2", "Rain fell.")]
    # one left-padded batch: every row ends with the generation prompt, padding on the left
    [call] = calls
    ids, mask = call["input_ids"], call["attention_mask"]
    assert ids.shape[0] == 3 and call["do_sample"] is False
    assert bool(mask[:, -1].all()) and not bool(mask.all())
    short = int(mask.sum(dim=1).argmin())
    assert int(ids[short, 0]) == tok.pad_token_id and int(mask[short, 0]) == 0
    rendered = tok.decode(ids[short][mask[short].bool()])
    assert rendered.startswith("<s><|system|>") and rendered.endswith("<|assistant|>")


def test_instruct_cuts_the_body_to_fit(tiny_chat: str, monkeypatch: pytest.MonkeyPatch) -> None:
    long = Article("long", None, None, " ".join(CORPUS[:5] * 20), "test")
    summariser = _instruct(tiny_chat)
    summariser._load()
    no_body = len(
        summariser._tokenizer(
            summariser._prompt(Article("e", None, None, "", "test")), add_special_tokens=False
        )["input_ids"]
    )
    limit = no_body + 40
    fitted = _instruct(tiny_chat, max_input_tokens=limit)
    fitted._load()
    calls: list[dict[str, Any]] = []
    fake = _fake_generate(fitted._tokenizer, [json.dumps(ANSWER)], calls)
    monkeypatch.setattr(fitted._model, "generate", fake)
    [pred] = fitted.summarise([long])
    assert pred.headline == ANSWER["headline"]
    assert no_body < calls[0]["input_ids"].shape[1] <= limit
    tight = _instruct(tiny_chat, max_input_tokens=no_body - 5)
    tight._load()
    with pytest.raises(InputError, match="does not fit"):
        tight._prompt(long)


def test_instruct_sampling_is_seeded_and_leaves_global_rng(tiny_chat: str) -> None:
    state = torch.random.get_rng_state()
    runs = [
        _instruct(tiny_chat, do_sample=True, temperature=1.5, seed=seed).summarise_with_failures(
            ARTICLES[:2]
        )[1]
        for seed in (3, 3)
    ]
    assert [f.raw for f in runs[0]] == [f.raw for f in runs[1]]
    assert torch.equal(torch.random.get_rng_state(), state)
    assert _instruct(tiny_chat, do_sample=True).config()["seed"] == 0


def test_instruct_left_padding_does_not_change_greedy_answers(tiny_chat: str) -> None:
    one = _instruct(tiny_chat, batch_size=1).summarise_with_failures(ARTICLES)[1]
    three = _instruct(tiny_chat, batch_size=3).summarise_with_failures(ARTICLES)[1]
    assert [f.raw for f in one] == [f.raw for f in three]
    assert len({f.raw for f in one}) == 3  # the answers depend on the article
