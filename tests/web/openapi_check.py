"""Checks real answers of a running taxa serve against the JSON schemas of
its OpenAPI document (python3-jsonschema, Draft 2020-12 as OpenAPI 3.1 uses).

usage: openapi_check.py BASE_URL TOKEN

Fetches the document, then every documented GET route ({id} filled with t1)
and a POST of a label and of a malformed body, and validates each answer
against the schema documented for its status. Prints one line per check,
"ok ..." or "FAIL ...", and exits 1 when any failed.
"""
import json
import sys
import urllib.error
import urllib.request

import jsonschema

base, token = sys.argv[1], sys.argv[2]


def call(method, path, body=None):
    data = None if body is None else body.encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


_, doc = call("GET", "/api/v1/openapi.json")
resolver = jsonschema.RefResolver.from_schema(doc)
failed = 0


def check(method, route, path, body=None):
    global failed
    status, answer = call(method, path, body)
    responses = doc["paths"][route][method.lower()]["responses"]
    documented = responses.get(str(status))
    if documented is None:
        print("FAIL %s %s: status %d is not documented" % (method, path, status))
        failed += 1
        return
    if "$ref" in documented:
        documented = resolver.resolve(documented["$ref"])[1]
    schema = documented["content"]["application/json"]["schema"]
    try:
        jsonschema.Draft202012Validator(schema, resolver=resolver).validate(answer)
        print("ok %s %s (%d)" % (method, path, status))
    except jsonschema.ValidationError as error:
        print("FAIL %s %s (%d): %s at %s" % (method, path, status, error.message, list(error.absolute_path)))
        failed += 1


check("POST", "/api/v1/labels", "/api/v1/labels", json.dumps({"item": "t1", "categories": ["billing"]}))
check("POST", "/api/v1/labels", "/api/v1/labels", "{not json")
for route, methods in doc["paths"].items():
    if "get" not in methods or route in ("/api/v1/events", "/api/v1/openapi.json"):
        continue
    check("GET", route, route.replace("{id}", "t1"))
check("GET", "/api/v1/items/{id}", "/api/v1/items/nope")
# The taxonomy's changes: an answer and a refusal each.
for route, path, body in (
        ("/api/v1/taxonomy/categories/{id}/edit", "/api/v1/taxonomy/categories/billing/edit",
         {"definition": "Checked against the schema."}),
        ("/api/v1/taxonomy/categories/{id}/edit", "/api/v1/taxonomy/categories/nope/edit", {"name": "Nope"}),
        ("/api/v1/taxonomy/categories/{id}/move", "/api/v1/taxonomy/categories/billing/move", {}),
        ("/api/v1/taxonomy/categories/{id}/deprecate", "/api/v1/taxonomy/categories/billing/deprecate", {})):
    check("POST", route, path, json.dumps(body))
# The taxonomy's history and proposals, where the project has them.
_, proposals = call("GET", "/api/v1/proposals")
for p in proposals if isinstance(proposals, list) else []:
    check("GET", "/api/v1/proposals/{name}", "/api/v1/proposals/" + p["name"])
_, history = call("GET", "/api/v1/taxonomy/history")
versions = [r["version"] for r in history.get("releases", [])] if isinstance(history, dict) else []
if versions:
    check("GET", "/api/v1/taxonomy", "/api/v1/taxonomy?as_of=" + versions[0])
    check("GET", "/api/v1/taxonomy/diff", "/api/v1/taxonomy/diff?from=%s&to=%s" % (versions[0], versions[-1]))
    check("GET", "/api/v1/taxonomy/blame/{id}", "/api/v1/taxonomy/blame/shipping")
# Review: each plan's next card, and a refusal; the defect report with a trend.
_, plans = call("GET", "/api/v1/review/plans")
for p in plans.get("plans", []) if isinstance(plans, dict) else []:
    check("GET", "/api/v1/review/next", "/api/v1/review/next?plan=" + p["plan"])
check("POST", "/api/v1/reviews", "/api/v1/reviews", json.dumps({"verdict": "maybe"}))
check("GET", "/api/v1/quality/report", "/api/v1/quality/report?trend=day")
check("POST", "/api/v1/actions/queue", "/api/v1/actions/queue", json.dumps({"plan": "x"}))
sys.exit(1 if failed else 0)
