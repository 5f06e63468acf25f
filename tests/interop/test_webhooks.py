"""Webhook CRUD through the real mlflow client (`MlflowClient.create_webhook` & co.).

Deliveries themselves are covered by the Node suites with a local receiver; here the
server runs without loopback egress, so subscriptions point at a public address literal
and nothing is sent.
"""

import pytest
from mlflow.entities.webhook import WebhookAction, WebhookEntity, WebhookEvent, WebhookStatus
from mlflow.exceptions import MlflowException

PUBLIC_URL = "https://93.184.216.34/cairn-interop-hook"


@pytest.fixture()
def webhook(client, unique_name):
    created = client.create_webhook(
        name=unique_name,
        url=PUBLIC_URL,
        events=["model_version.created", "model_version_alias.created"],
        description="interop",
        secret="interop-secret-0123456789",
        # Disabled: nothing is fanned out to an address this sandbox cannot reach.
        status="DISABLED",
    )
    yield created
    try:
        client.delete_webhook(created.webhook_id)
    except MlflowException:
        pass


def test_create_get_list_update_delete(client, webhook, unique_name):
    assert webhook.name == unique_name
    assert webhook.url == PUBLIC_URL
    assert webhook.status == WebhookStatus.DISABLED
    assert webhook.description == "interop"
    assert set(webhook.events) == {
        WebhookEvent(WebhookEntity.MODEL_VERSION, WebhookAction.CREATED),
        WebhookEvent(WebhookEntity.MODEL_VERSION_ALIAS, WebhookAction.CREATED),
    }
    assert webhook.secret is None  # never sent back

    fetched = client.get_webhook(webhook.webhook_id)
    assert fetched.webhook_id == webhook.webhook_id
    assert fetched.creation_timestamp == webhook.creation_timestamp

    listed = []
    page = client.list_webhooks(max_results=100)
    listed.extend(page)
    while page.token:
        page = client.list_webhooks(max_results=100, page_token=page.token)
        listed.extend(page)
    assert webhook.webhook_id in {w.webhook_id for w in listed}

    updated = client.update_webhook(
        webhook.webhook_id,
        status="ACTIVE",
        events=["registered_model.created"],
    )
    assert updated.status == WebhookStatus.ACTIVE
    assert updated.events == [WebhookEvent(WebhookEntity.REGISTERED_MODEL, WebhookAction.CREATED)]
    assert updated.name == unique_name

    client.delete_webhook(webhook.webhook_id)
    with pytest.raises(MlflowException) as error:
        client.get_webhook(webhook.webhook_id)
    assert error.value.error_code == "RESOURCE_DOES_NOT_EXIST"


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://127.0.0.1:5000/",
        "http://0x7f000001/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "file:///etc/passwd",
    ],
)
def test_internal_destinations_are_refused(client, unique_name, url):
    with pytest.raises(MlflowException) as error:
        client.create_webhook(name=unique_name, url=url, events=["model_version.created"])
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"


def test_unsupported_events_are_refused(client, unique_name):
    with pytest.raises(MlflowException) as error:
        client.create_webhook(name=unique_name, url=PUBLIC_URL, events=["prompt.created"])
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"
