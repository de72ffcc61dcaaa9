"""The JSON Schema of the briefing format, generated from the model.

Editors (VS Code's YAML extension, for one) use it for completion and
checking as authors type. The committed copy, docs/briefing.schema.json,
is tested to be current.
"""

from __future__ import annotations

import json

from briefing.model import Briefing


def json_schema() -> str:
    schema = Briefing.model_json_schema(by_alias=True, mode="validation")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
