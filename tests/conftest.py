"""Shared fixtures: paths to our own fixtures and to ../shared, and a fresh store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import DEFAULT_CONFIG, Config
from storyline.pipeline import build
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


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus built through every stage, once per test session (read-only)."""
    db = tmp_path_factory.mktemp("examples") / "example.db"
    with Store(db) as store:
        build([str(ROOT / "examples" / "corpus")], store, DEFAULT_CONFIG)
    return db


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed pages built through every stage, once per test session (read-only)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present beside the repository (the seed pages live outside it)")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as store:
        build([str(SEEDS)], store, DEFAULT_CONFIG)
    return db
