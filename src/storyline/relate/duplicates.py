"""Exact copies and near-duplicates: MinHash signatures and an LSH index (datasketch).

Shingles are word 5-grams of a document's *article sentences* — sentences of at least
`min_sentence_words` words — so the short furniture that survived cleaning (a slogan, a "Share"
line) cannot make two unrelated pages of one site look alike. Candidates come from the LSH index
(sub-quadratic: only documents that share a band of their signature are compared); each candidate
pair is then confirmed with the exact Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+|\n+")


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    a: str
    b: str
    jaccard: float


def shingles(text: str, size: int = 5, min_sentence_words: int = 6) -> set[str]:
    """Word n-grams of the text's article sentences (lower case, punctuation dropped)."""
    out: set[str] = set()
    for sentence in _SENTENCE.split(text):
        words = [w.lower() for w in _WORD.findall(sentence)]
        if len(words) < min_sentence_words:
            continue
        out.update(" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))
    return out


#: The hashing scheme of our signatures, named so that stored ones can be read back.
SCHEME = "affine32"


def signature(items: Iterable[str], num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in items])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes, num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def lean_from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature, read back without the permutations a full `MinHash` would rebuild."""
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class DuplicateIndex:
    """An LSH index over every stored document's signature, queried with new documents."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.keys: set[str] = set()

    def add(self, key: str, m: MinHash | LeanMinHash) -> None:
        if key not in self.keys:
            self.lsh.insert(key, m)
            self.keys.add(key)

    def candidates(self, m: MinHash | LeanMinHash) -> list[str]:
        return sorted(self.lsh.query(m))
