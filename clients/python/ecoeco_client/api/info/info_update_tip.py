from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.tip_out import TipOut
from ...models.tip_update import TipUpdate
from ...types import Response


def _get_kwargs(
    tip_id: str,
    *,
    body: TipUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/info/tips/{tip_id}".format(
            tip_id=quote(str(tip_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TipOut | None:
    if response.status_code == 200:
        response_200 = TipOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | TipOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tip_id: str,
    *,
    client: AuthenticatedClient,
    body: TipUpdate,
) -> Response[ErrorResponse | TipOut]:
    """Edit or (un)publish a tip (admins only).

     Edit or (un)publish a tip (admins only).

    Args:
        tip_id (str):
        body (TipUpdate): Changes to a tip; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TipOut]
    """

    kwargs = _get_kwargs(
        tip_id=tip_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tip_id: str,
    *,
    client: AuthenticatedClient,
    body: TipUpdate,
) -> ErrorResponse | TipOut | None:
    """Edit or (un)publish a tip (admins only).

     Edit or (un)publish a tip (admins only).

    Args:
        tip_id (str):
        body (TipUpdate): Changes to a tip; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TipOut
    """

    return sync_detailed(
        tip_id=tip_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    tip_id: str,
    *,
    client: AuthenticatedClient,
    body: TipUpdate,
) -> Response[ErrorResponse | TipOut]:
    """Edit or (un)publish a tip (admins only).

     Edit or (un)publish a tip (admins only).

    Args:
        tip_id (str):
        body (TipUpdate): Changes to a tip; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TipOut]
    """

    kwargs = _get_kwargs(
        tip_id=tip_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tip_id: str,
    *,
    client: AuthenticatedClient,
    body: TipUpdate,
) -> ErrorResponse | TipOut | None:
    """Edit or (un)publish a tip (admins only).

     Edit or (un)publish a tip (admins only).

    Args:
        tip_id (str):
        body (TipUpdate): Changes to a tip; absent fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TipOut
    """

    return (
        await asyncio_detailed(
            tip_id=tip_id,
            client=client,
            body=body,
        )
    ).parsed
