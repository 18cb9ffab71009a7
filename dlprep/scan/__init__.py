"""`exam scan`: scanned answer sheets to marks, scores, review pages and reports.

One module per step: `images` (PDFs and image files to pixels), `pages` (QR code, corner marks,
perspective), `marks` (how full a box is, and whether that is clear), `responses` (boxes to
answers per question, with what needs a human), `scoring` (answers to points by the spec's rules),
`review` (the review page and the instructor's overrides), `reports` (grades.csv, annotated copies,
per-student pages) and `run` (the whole pass, incremental and atomic).
"""
