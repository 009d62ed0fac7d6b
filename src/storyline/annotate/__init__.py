"""The annotate stage: language, sentences, entities across the corpus, time. Entry point: `stage.annotate`."""
