"""Discovering themes no codebook names: BERTopic over the findings' embeddings.

topics.py fits and stores a corpus's topic run (`refresh_topics`, `list_topics`,
`topic_details`); topic_model.py is the seeded BERTopic pipeline; topic_vocabulary.py and
topic_labels.py pick the words that name a topic; topic_identity.py keeps a topic's id
across refits; compiled_cache.py keeps UMAP's compiled code on disk between runs.
"""
