from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.scan_accepted import ScanAccepted
from ...models.scan_confirm import ScanConfirm
from ...types import Response


def _get_kwargs(
    scan_id: str,
    *,
    body: ScanConfirm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/scan/{scan_id}/confirm".format(
            scan_id=quote(str(scan_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ScanAccepted | None:
    if response.status_code == 202:
        response_202 = ScanAccepted.from_dict(response.json())

        return response_202

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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[ErrorResponse | ScanAccepted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    body: ScanConfirm,
) -> Response[ErrorResponse | ScanAccepted]:
    """Pick a candidate (item or category); the pipeline completes from the rule stage

     Pick a candidate (item or category); the pipeline completes from the rule stage.

    Args:
        scan_id (str):
        body (ScanConfirm): The person's pick: an item id, a category slug, or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanAccepted]
    """

    kwargs = _get_kwargs(
        scan_id=scan_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    body: ScanConfirm,
) -> ErrorResponse | ScanAccepted | None:
    """Pick a candidate (item or category); the pipeline completes from the rule stage

     Pick a candidate (item or category); the pipeline completes from the rule stage.

    Args:
        scan_id (str):
        body (ScanConfirm): The person's pick: an item id, a category slug, or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanAccepted
    """

    return sync_detailed(
        scan_id=scan_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    body: ScanConfirm,
) -> Response[ErrorResponse | ScanAccepted]:
    """Pick a candidate (item or category); the pipeline completes from the rule stage

     Pick a candidate (item or category); the pipeline completes from the rule stage.

    Args:
        scan_id (str):
        body (ScanConfirm): The person's pick: an item id, a category slug, or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanAccepted]
    """

    kwargs = _get_kwargs(
        scan_id=scan_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    body: ScanConfirm,
) -> ErrorResponse | ScanAccepted | None:
    """Pick a candidate (item or category); the pipeline completes from the rule stage

     Pick a candidate (item or category); the pipeline completes from the rule stage.

    Args:
        scan_id (str):
        body (ScanConfirm): The person's pick: an item id, a category slug, or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanAccepted
    """

    return (
        await asyncio_detailed(
            scan_id=scan_id,
            client=client,
            body=body,
        )
    ).parsed
