"""The sync protocol's Python half: edit ops validated and applied, patches and view state for every view.

Mirrors ``js/src/core/ops.ts`` and ``js/src/core/sync.ts``; see docs/sync-protocol.md.
"""
