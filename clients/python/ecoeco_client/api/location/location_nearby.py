from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.nearby_place_out_page import NearbyPlaceOutPage
from ...models.place_kind import PlaceKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    lat: float,
    lon: float,
    radius_m: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    kind: list[PlaceKind] | None | Unset = UNSET,
    accepts: list[str] | None | Unset = UNSET,
    open_now: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["lat"] = lat

    params["lon"] = lon

    json_radius_m: float | None | Unset
    if isinstance(radius_m, Unset):
        json_radius_m = UNSET
    else:
        json_radius_m = radius_m
    params["radius_m"] = json_radius_m

    params["limit"] = limit

    json_kind: list[str] | None | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, list):
        json_kind = []
        for kind_type_0_item_data in kind:
            kind_type_0_item = kind_type_0_item_data.value
            json_kind.append(kind_type_0_item)

    else:
        json_kind = kind
    params["kind"] = json_kind

    json_accepts: list[str] | None | Unset
    if isinstance(accepts, Unset):
        json_accepts = UNSET
    elif isinstance(accepts, list):
        json_accepts = accepts

    else:
        json_accepts = accepts
    params["accepts"] = json_accepts

    params["open_now"] = open_now

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/locations/nearby",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | NearbyPlaceOutPage | None:
    if response.status_code == 200:
        response_200 = NearbyPlaceOutPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

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
) -> Response[ErrorResponse | NearbyPlaceOutPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_m: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    kind: list[PlaceKind] | None | Unset = UNSET,
    accepts: list[str] | None | Unset = UNSET,
    open_now: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | NearbyPlaceOutPage]:
    """Places nearest first, within a radius or the k nearest, with distance_m

     Places nearest first, within a radius or the k nearest, with distance_m.

    Args:
        lat (float): latitude, decimal degrees
        lon (float): longitude, decimal degrees
        radius_m (float | None | Unset): only places this close (≤ 50 km)
        limit (int | Unset): page size; the k of k-nearest Default: 20.
        kind (list[PlaceKind] | None | Unset): any of these kinds
        accepts (list[str] | None | Unset): takes any of these categories
        open_now (bool | Unset): open now in Asia/Seoul Default: False.
        cursor (None | str | Unset): next_cursor of the last page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | NearbyPlaceOutPage]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lon=lon,
        radius_m=radius_m,
        limit=limit,
        kind=kind,
        accepts=accepts,
        open_now=open_now,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_m: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    kind: list[PlaceKind] | None | Unset = UNSET,
    accepts: list[str] | None | Unset = UNSET,
    open_now: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | NearbyPlaceOutPage | None:
    """Places nearest first, within a radius or the k nearest, with distance_m

     Places nearest first, within a radius or the k nearest, with distance_m.

    Args:
        lat (float): latitude, decimal degrees
        lon (float): longitude, decimal degrees
        radius_m (float | None | Unset): only places this close (≤ 50 km)
        limit (int | Unset): page size; the k of k-nearest Default: 20.
        kind (list[PlaceKind] | None | Unset): any of these kinds
        accepts (list[str] | None | Unset): takes any of these categories
        open_now (bool | Unset): open now in Asia/Seoul Default: False.
        cursor (None | str | Unset): next_cursor of the last page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | NearbyPlaceOutPage
    """

    return sync_detailed(
        client=client,
        lat=lat,
        lon=lon,
        radius_m=radius_m,
        limit=limit,
        kind=kind,
        accepts=accepts,
        open_now=open_now,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_m: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    kind: list[PlaceKind] | None | Unset = UNSET,
    accepts: list[str] | None | Unset = UNSET,
    open_now: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | NearbyPlaceOutPage]:
    """Places nearest first, within a radius or the k nearest, with distance_m

     Places nearest first, within a radius or the k nearest, with distance_m.

    Args:
        lat (float): latitude, decimal degrees
        lon (float): longitude, decimal degrees
        radius_m (float | None | Unset): only places this close (≤ 50 km)
        limit (int | Unset): page size; the k of k-nearest Default: 20.
        kind (list[PlaceKind] | None | Unset): any of these kinds
        accepts (list[str] | None | Unset): takes any of these categories
        open_now (bool | Unset): open now in Asia/Seoul Default: False.
        cursor (None | str | Unset): next_cursor of the last page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | NearbyPlaceOutPage]
    """

    kwargs = _get_kwargs(
        lat=lat,
        lon=lon,
        radius_m=radius_m,
        limit=limit,
        kind=kind,
        accepts=accepts,
        open_now=open_now,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    lat: float,
    lon: float,
    radius_m: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    kind: list[PlaceKind] | None | Unset = UNSET,
    accepts: list[str] | None | Unset = UNSET,
    open_now: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | NearbyPlaceOutPage | None:
    """Places nearest first, within a radius or the k nearest, with distance_m

     Places nearest first, within a radius or the k nearest, with distance_m.

    Args:
        lat (float): latitude, decimal degrees
        lon (float): longitude, decimal degrees
        radius_m (float | None | Unset): only places this close (≤ 50 km)
        limit (int | Unset): page size; the k of k-nearest Default: 20.
        kind (list[PlaceKind] | None | Unset): any of these kinds
        accepts (list[str] | None | Unset): takes any of these categories
        open_now (bool | Unset): open now in Asia/Seoul Default: False.
        cursor (None | str | Unset): next_cursor of the last page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | NearbyPlaceOutPage
    """

    return (
        await asyncio_detailed(
            client=client,
            lat=lat,
            lon=lon,
            radius_m=radius_m,
            limit=limit,
            kind=kind,
            accepts=accepts,
            open_now=open_now,
            cursor=cursor,
        )
    ).parsed
