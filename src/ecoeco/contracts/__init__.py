"""What services share, written once: events, internal API models and clients, names.

Services import `ecoeco.core` (infrastructure), `ecoeco.knowledge` (data) and this
package, and never each other; `lint-imports` enforces it. Nothing here imports a
service.
"""
