"""`exam analyze`: classical item analysis of a scanned exam (`items`) and its report (`report`)."""
