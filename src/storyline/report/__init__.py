"""Reports: the dossier of an event or a storyline, and its cited extractive summary."""
