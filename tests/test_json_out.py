"""The pretty JSON writer is `json.dumps(obj, ensure_ascii=False, indent=2)`, byte for byte."""

import enum
import json
import random

import pytest

from retitle.render.json_out import dumps


class _Kind(str, enum.Enum):
    BULLET = "bullet"


_LEAVES = ["x", "é\n\"\\\u2028\t", "", 0, -5, 10 ** 30, 1.5, -0.0, 1e300, float("nan"), float("inf"),
           -float("inf"), True, False, None, _Kind.BULLET]
_KEYS = ["k", "ü", 1, 2.5, True, False, None, _Kind.BULLET]


def _value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(_LEAVES)
    if roll < 0.6:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.75:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {rng.choice(_KEYS): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def test_pretty_json_is_the_standard_librarys():
    rng = random.Random(18)
    for _ in range(3000):
        value = _value(rng)
        assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [object(), {(1, 2): 1}, [{1, 2}]])
def test_pretty_json_rejects_what_the_standard_library_rejects(value):
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(value)
