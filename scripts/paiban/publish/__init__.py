"""Stage 4, publish: the rendered files → what people pick up.

index_page   dist/index.html, the download page
pack         a meeting pack: several documents as one bound PDF volume with a cover and contents
booklet      a PDF imposed for saddle-stitched booklet printing
serve        a local preview server for dist/
"""
