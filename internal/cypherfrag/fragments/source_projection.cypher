// The fields of a source that every answer citing it shows; the source is bound to s.
s {.id, .title, .publisher, .url, .reliability}
