from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorize_response import AuthorizeResponse
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    provider: str,
    *,
    redirect_uri: str,
    cookie: bool | Unset = False,
    link: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["redirect_uri"] = redirect_uri

    params["cookie"] = cookie

    params["link"] = link

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/auth/{provider}/authorize".format(
            provider=quote(str(provider), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizeResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AuthorizeResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthorizeResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    provider: str,
    *,
    client: AuthenticatedClient,
    redirect_uri: str,
    cookie: bool | Unset = False,
    link: bool | Unset = False,
) -> Response[AuthorizeResponse | ErrorResponse]:
    """Start a social login: the provider URL and its one-time state (kept 10 minutes)

     Start a social login: the provider URL and its one-time state (kept 10 minutes).

    Sets the HttpOnly `ecoeco_oauth` cookie: the callback must carry it.

    Args:
        provider (str):
        redirect_uri (str):
        cookie (bool | Unset):  Default: False.
        link (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizeResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        provider=provider,
        redirect_uri=redirect_uri,
        cookie=cookie,
        link=link,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    provider: str,
    *,
    client: AuthenticatedClient,
    redirect_uri: str,
    cookie: bool | Unset = False,
    link: bool | Unset = False,
) -> AuthorizeResponse | ErrorResponse | None:
    """Start a social login: the provider URL and its one-time state (kept 10 minutes)

     Start a social login: the provider URL and its one-time state (kept 10 minutes).

    Sets the HttpOnly `ecoeco_oauth` cookie: the callback must carry it.

    Args:
        provider (str):
        redirect_uri (str):
        cookie (bool | Unset):  Default: False.
        link (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizeResponse | ErrorResponse
    """

    return sync_detailed(
        provider=provider,
        client=client,
        redirect_uri=redirect_uri,
        cookie=cookie,
        link=link,
    ).parsed


async def asyncio_detailed(
    provider: str,
    *,
    client: AuthenticatedClient,
    redirect_uri: str,
    cookie: bool | Unset = False,
    link: bool | Unset = False,
) -> Response[AuthorizeResponse | ErrorResponse]:
    """Start a social login: the provider URL and its one-time state (kept 10 minutes)

     Start a social login: the provider URL and its one-time state (kept 10 minutes).

    Sets the HttpOnly `ecoeco_oauth` cookie: the callback must carry it.

    Args:
        provider (str):
        redirect_uri (str):
        cookie (bool | Unset):  Default: False.
        link (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizeResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        provider=provider,
        redirect_uri=redirect_uri,
        cookie=cookie,
        link=link,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    provider: str,
    *,
    client: AuthenticatedClient,
    redirect_uri: str,
    cookie: bool | Unset = False,
    link: bool | Unset = False,
) -> AuthorizeResponse | ErrorResponse | None:
    """Start a social login: the provider URL and its one-time state (kept 10 minutes)

     Start a social login: the provider URL and its one-time state (kept 10 minutes).

    Sets the HttpOnly `ecoeco_oauth` cookie: the callback must carry it.

    Args:
        provider (str):
        redirect_uri (str):
        cookie (bool | Unset):  Default: False.
        link (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizeResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            provider=provider,
            client=client,
            redirect_uri=redirect_uri,
            cookie=cookie,
            link=link,
        )
    ).parsed
