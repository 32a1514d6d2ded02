"""The client's address as rate limits, lock-outs and logs see it (DJANGO_TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from matcher.clientip import client_ip


def request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_a_proxy_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"
    # A header sent by the client itself changes nothing.
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"
    # Two visitors behind the same proxy are two clients.
    assert client_ip(request("10.0.0.2", "198.51.100.2")) == "198.51.100.2"


def test_a_spoofed_forwarded_header_cannot_choose_the_address(settings):
    settings.TRUSTED_PROXIES = 1
    # The client sent "X-Forwarded-For: 192.0.2.99"; the proxy appended the real address.
    assert client_ip(request("10.0.0.2", "192.0.2.99, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(request("10.0.0.2", "127.0.0.1,198.51.100.1")) == "198.51.100.1"


def test_trusted_proxy_addresses_and_networks_are_skipped_from_the_right(settings):
    settings.TRUSTED_PROXIES = ("10.0.0.0/8", "192.0.2.10")
    chain = "192.0.2.99, 198.51.100.1, 10.1.2.3, 192.0.2.10"
    assert client_ip(request("10.0.0.2", chain)) == "198.51.100.1"
    # A connection from an address that is not a trusted proxy is the client, header or not.
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_request_that_did_not_pass_the_proxy_uses_its_connection(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


@pytest.mark.parametrize(
    "forwarded", ["not-an-address", "", "1.2.3.4.5", "' OR 1=1 --", "x" * 5000, "unknown"]
)
def test_garbage_in_the_header_is_never_used_as_an_address(settings, forwarded):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.2", forwarded)) == "10.0.0.2"


def test_addresses_are_written_one_way(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.2", "2001:DB8:0:0::1")) == "2001:db8::1"
    assert client_ip(request("10.0.0.2", "198.51.100.1:4711")) == "198.51.100.1"
    assert client_ip(request("10.0.0.2", "[2001:db8::1]:4711")) == "2001:db8::1"
