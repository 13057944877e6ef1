from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.place_out import PlaceOut
from ...types import Response


def _get_kwargs(
    place_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/locations/{place_id}".format(
            place_id=quote(str(place_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PlaceOut | None:
    if response.status_code == 200:
        response_200 = PlaceOut.from_dict(response.json())

        return response_200

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
) -> Response[ErrorResponse | PlaceOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    place_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | PlaceOut]:
    """One place

     One place.

    Args:
        place_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PlaceOut]
    """

    kwargs = _get_kwargs(
        place_id=place_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    place_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | PlaceOut | None:
    """One place

     One place.

    Args:
        place_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PlaceOut
    """

    return sync_detailed(
        place_id=place_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    place_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | PlaceOut]:
    """One place

     One place.

    Args:
        place_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PlaceOut]
    """

    kwargs = _get_kwargs(
        place_id=place_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    place_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | PlaceOut | None:
    """One place

     One place.

    Args:
        place_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PlaceOut
    """

    return (
        await asyncio_detailed(
            place_id=place_id,
            client=client,
        )
    ).parsed
