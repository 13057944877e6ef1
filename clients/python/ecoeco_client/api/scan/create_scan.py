from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_scan_files_body import CreateScanFilesBody
from ...models.create_scan_json_scan_create import CreateScanJsonScanCreate
from ...models.error_response import ErrorResponse
from ...models.scan_accepted import ScanAccepted
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateScanJsonScanCreate | CreateScanFilesBody | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/scan",
    }

    if isinstance(body, CreateScanJsonScanCreate):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, CreateScanFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

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

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorResponse.from_dict(response.json())

        return response_415

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
    *,
    client: AuthenticatedClient,
    body: CreateScanJsonScanCreate | CreateScanFilesBody | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | ScanAccepted]:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)

     Start a scan from an uploaded image and/or a typed hint (202 with the job).

    Args:
        idempotency_key (None | str | Unset):
        body (CreateScanJsonScanCreate): Start a scan from an uploaded image, a typed hint, or
            both.
        body (CreateScanFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateScanJsonScanCreate | CreateScanFilesBody | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | ScanAccepted | None:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)

     Start a scan from an uploaded image and/or a typed hint (202 with the job).

    Args:
        idempotency_key (None | str | Unset):
        body (CreateScanJsonScanCreate): Start a scan from an uploaded image, a typed hint, or
            both.
        body (CreateScanFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanAccepted
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateScanJsonScanCreate | CreateScanFilesBody | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorResponse | ScanAccepted]:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)

     Start a scan from an uploaded image and/or a typed hint (202 with the job).

    Args:
        idempotency_key (None | str | Unset):
        body (CreateScanJsonScanCreate): Start a scan from an uploaded image, a typed hint, or
            both.
        body (CreateScanFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateScanJsonScanCreate | CreateScanFilesBody | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorResponse | ScanAccepted | None:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)

     Start a scan from an uploaded image and/or a typed hint (202 with the job).

    Args:
        idempotency_key (None | str | Unset):
        body (CreateScanJsonScanCreate): Start a scan from an uploaded image, a typed hint, or
            both.
        body (CreateScanFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanAccepted
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
