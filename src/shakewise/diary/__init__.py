"""The symptom diary: episodes and day check-ins as validated values (`episode`), pure
insights over them (`insights`, built from `timeline`, `trend`, `triggers`, `patterns`
and the tests in `stats`), SVG charts (`charts`) and the `shakewise diary` commands
(`cli`, with `options` parsing their text). Storage lives in `shakewise.storage`;
nothing here imports it at module level."""
