"""Signpost watch: new reporting read against the model's observable indicators.

documents (read any text or HTML safely) -> passages (sentences with their context) ->
queries (what each indicator is about, from the model and the snapshot) -> ranking (BM25)
-> near-duplicates (retellings grouped) -> the next snapshot's draft and the board of what
moved. The analyst judges every passage: nothing here enters a computation.
"""
