"""The relate stage: copies, rewrites and paraphrases between documents, lineage, independence groups."""
