"""The cluster stage: events and storylines. Entry point: `stage.run_cluster`."""
