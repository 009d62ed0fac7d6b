"""Shared fixtures: paths to our own fixtures and to ../shared, and a fresh store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import DEFAULT_CONFIG, Config
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture
def config() -> Config:
    return DEFAULT_CONFIG


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present beside the repository (the seed pages live outside it)")
    return SEEDS
