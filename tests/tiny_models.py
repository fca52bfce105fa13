"""A tokenizer trained on the fly for the tiny models the tests build (the hub is never
reached): byte-level BPE over a few sentences, wrapped as a transformers fast tokenizer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]


def tiny_tokenizer(corpus: Sequence[str], *, append_eos: bool = False, vocab: int = 320) -> Any:
    import transformers
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    # Without initial_alphabet only the characters of the corpus are learnt: a small vocabulary.
    trainer = trainers.BpeTrainer(vocab_size=vocab, special_tokens=SPECIALS, show_progress=False)
    tok.train_from_iterator(list(corpus), trainer)
    if append_eos:
        tok.post_processor = processors.TemplateProcessing(
            single="$A </s>", special_tokens=[("</s>", tok.token_to_id("</s>"))]
        )
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="<pad>",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
    )
