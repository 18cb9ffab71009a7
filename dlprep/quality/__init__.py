"""Item quality: can a choice question be answered by test-taking skill instead of knowledge?

`measures` says how long and how detailed a text is, `strategies` plays a test-wise student who
knows no deep learning, `figures` sums that up per question type and language for a bank,
`wording` finds positional, cross-question and note-citing phrases, and `rules` turns all of it
into lint warnings. The definitions are those of issue 17 (docs/bank-format.md, "Writing items").
"""
