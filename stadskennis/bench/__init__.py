"""`make bench`: speed and memory of the platform measured against a baseline run in the same process
(a static file, plain FTS5), and relevance measured on judged, natural and real (Chamber) questions.
Not part of the product: nothing in the apps imports this package."""
