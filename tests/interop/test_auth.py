"""The real mlflow client against a Cairn started with --auth.

Credentials go the way the client sends them: MLFLOW_TRACKING_TOKEN as a Bearer token,
MLFLOW_TRACKING_USERNAME/PASSWORD as HTTP Basic (the password may also be an API token).
Allowed calls work; a user without the permission gets PERMISSION_DENIED (403); no
credentials give UNAUTHENTICATED (401).
"""

import base64
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ADMIN = ("interop-admin", "interop admin password")
PASSWORD = "interop user password"
CRED_VARS = ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url, method, path, body=None, auth=ADMIN):
    """Cairn's v1 API, for setup: users, tokens and grants."""
    headers = {"Content-Type": "application/json"}
    user, secret = auth
    headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + "/api/v1" + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=20) as response:
        text = response.read()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def auth_url():
    node = os.environ.get("CAIRN_INTEROP_NODE")
    if not node:
        pytest.skip("CAIRN_INTEROP_NODE is not set (run through `npm test`)")
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="cairn-auth-interop-")
    args = [node, os.path.join(REPO, "packages/server/src/main.ts"), "--auth", "--quiet",
            "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir]
    db_url = os.environ.get("CAIRN_INTEROP_DB_URL")
    if db_url:
        args += ["--db", db_url]
    env = {k: v for k, v in os.environ.items() if k not in CRED_VARS}
    env.update(CAIRN_ADMIN_USERNAME=ADMIN[0], CAIRN_ADMIN_PASSWORD=ADMIN[1])
    process = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise RuntimeError("Cairn --auth did not start: " + process.stdout.read().decode())
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture()
def creds(monkeypatch):
    """Switches the credentials the mlflow client sends (it reads them on every request)."""
    for name in CRED_VARS:
        monkeypatch.delenv(name, raising=False)

    def use(token=None, username=None, password=None):
        for name in CRED_VARS:
            monkeypatch.delenv(name, raising=False)
        if token:
            monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", token)
        if username:
            monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", username)
            monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)

    return use


def _user(url, scope="write"):
    name = f"u{uuid.uuid4().hex[:10]}"
    _call(url, "POST", "/users", {"username": name, "password": PASSWORD})
    token = _call(url, "POST", f"/users/{name}/tokens", {"name": "interop", "scope": scope})
    return name, token["secret"]


def _error_code(excinfo):
    return excinfo.value.error_code


def test_token_and_password_both_work_and_searches_show_only_what_a_user_may_read(auth_url, creds):
    client = MlflowClient(auth_url)
    alice, alice_token = _user(auth_url)
    bob, _ = _user(auth_url)

    creds(token=alice_token)
    exp = client.create_experiment(f"alice-{uuid.uuid4().hex[:8]}")
    run = client.create_run(exp)
    client.log_metric(run.info.run_id, "acc", 0.9)
    client.set_terminated(run.info.run_id)

    creds(username=bob, password=PASSWORD)
    mine = client.create_experiment(f"bob-{uuid.uuid4().hex[:8]}")
    client.log_param(client.create_run(mine).info.run_id, "lr", "0.1")
    # Default permission READ: bob reads alice's run but may not write to it.
    assert client.get_run(run.info.run_id).data.metrics["acc"] == 0.9
    with pytest.raises(MlflowException) as denied:
        client.log_metric(run.info.run_id, "acc", 0.1)
    assert _error_code(denied) == "PERMISSION_DENIED"

    # Alice takes bob's read access away; her experiment leaves his searches entirely.
    _call(auth_url, "PUT", f"/experiments/{exp}/permissions/{bob}", {"permission": "NO_PERMISSIONS"},
          auth=(alice, PASSWORD))
    ids = {e.experiment_id for e in client.search_experiments(max_results=1000)}
    assert mine in ids and exp not in ids
    assert client.search_runs([exp]) == []
    with pytest.raises(MlflowException) as hidden:
        client.get_experiment(exp)
    assert _error_code(hidden) == "PERMISSION_DENIED"

    # The password may be an API token too (MLFLOW_TRACKING_PASSWORD=<token>).
    creds(username=alice, password=alice_token)
    assert client.get_run(run.info.run_id).info.run_id == run.info.run_id


def test_no_or_bad_credentials_are_unauthenticated(auth_url, creds):
    client = MlflowClient(auth_url)
    creds()
    with pytest.raises(MlflowException) as missing:
        client.search_experiments()
    assert _error_code(missing) == "UNAUTHENTICATED"
    creds(token="cairn_0000000000000000_" + "A" * 43)
    with pytest.raises(MlflowException) as bad:
        client.search_experiments()
    assert _error_code(bad) == "UNAUTHENTICATED"


def test_read_scoped_token_reads_but_cannot_write(auth_url, creds):
    client = MlflowClient(auth_url)
    _, writer = _user(auth_url)
    creds(token=writer)
    exp = client.create_experiment(f"scoped-{uuid.uuid4().hex[:8]}")
    _, reader = _user(auth_url, scope="read")
    creds(token=reader)
    assert client.get_experiment(exp).experiment_id == exp
    with pytest.raises(MlflowException) as denied:
        client.create_experiment(f"nope-{uuid.uuid4().hex[:8]}")
    assert _error_code(denied) == "PERMISSION_DENIED"


def test_registry_calls_follow_the_registered_model_grants(auth_url, creds):
    client = MlflowClient(auth_url)
    alice, alice_token = _user(auth_url)
    bob, bob_token = _user(auth_url)

    creds(token=alice_token)
    exp = client.create_experiment(f"reg-{uuid.uuid4().hex[:8]}")
    run = client.create_run(exp)
    name = f"model-{uuid.uuid4().hex[:8]}"
    client.create_registered_model(name)
    version = client.create_model_version(name, f"runs:/{run.info.run_id}/model", run.info.run_id)
    client.set_registered_model_alias(name, "champion", version.version)

    creds(token=bob_token)
    assert client.get_model_version_by_alias(name, "champion").version == version.version
    with pytest.raises(MlflowException) as denied:
        client.set_registered_model_alias(name, "champion", version.version)
    assert _error_code(denied) == "PERMISSION_DENIED"
    with pytest.raises(MlflowException) as no_delete:
        client.delete_registered_model(name)
    assert _error_code(no_delete) == "PERMISSION_DENIED"

    _call(auth_url, "PUT", f"/registered-models/{name}/permissions/{bob}",
          {"permission": "NO_PERMISSIONS"}, auth=(alice, PASSWORD))
    assert name not in {m.name for m in client.search_registered_models(max_results=1000)}
    assert all(v.name != name for v in client.search_model_versions(f"name = '{name}'"))

    _call(auth_url, "PUT", f"/registered-models/{name}/permissions/{bob}",
          {"permission": "EDIT"}, auth=(alice, PASSWORD))
    client.set_registered_model_tag(name, "reviewed", "yes")
    assert client.get_registered_model(name).tags["reviewed"] == "yes"
