from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_list_messages_order import ChatListMessagesOrder
from ...models.error_response import ErrorResponse
from ...models.message_out_page import MessageOutPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    conversation_id: str,
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    order: ChatListMessagesOrder | Unset = ChatListMessagesOrder.ASC,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/chat/{conversation_id}/messages".format(
            conversation_id=quote(str(conversation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | MessageOutPage | None:
    if response.status_code == 200:
        response_200 = MessageOutPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | MessageOutPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    order: ChatListMessagesOrder | Unset = ChatListMessagesOrder.ASC,
) -> Response[ErrorResponse | MessageOutPage]:
    """A page of the conversation's messages, oldest first unless `order=desc`

     A page of the conversation's messages, oldest first unless `order=desc`.

    Args:
        conversation_id (str):
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        order (ChatListMessagesOrder | Unset):  Default: ChatListMessagesOrder.ASC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MessageOutPage]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        cursor=cursor,
        limit=limit,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    order: ChatListMessagesOrder | Unset = ChatListMessagesOrder.ASC,
) -> ErrorResponse | MessageOutPage | None:
    """A page of the conversation's messages, oldest first unless `order=desc`

     A page of the conversation's messages, oldest first unless `order=desc`.

    Args:
        conversation_id (str):
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        order (ChatListMessagesOrder | Unset):  Default: ChatListMessagesOrder.ASC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MessageOutPage
    """

    return sync_detailed(
        conversation_id=conversation_id,
        client=client,
        cursor=cursor,
        limit=limit,
        order=order,
    ).parsed


async def asyncio_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    order: ChatListMessagesOrder | Unset = ChatListMessagesOrder.ASC,
) -> Response[ErrorResponse | MessageOutPage]:
    """A page of the conversation's messages, oldest first unless `order=desc`

     A page of the conversation's messages, oldest first unless `order=desc`.

    Args:
        conversation_id (str):
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        order (ChatListMessagesOrder | Unset):  Default: ChatListMessagesOrder.ASC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | MessageOutPage]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        cursor=cursor,
        limit=limit,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    order: ChatListMessagesOrder | Unset = ChatListMessagesOrder.ASC,
) -> ErrorResponse | MessageOutPage | None:
    """A page of the conversation's messages, oldest first unless `order=desc`

     A page of the conversation's messages, oldest first unless `order=desc`.

    Args:
        conversation_id (str):
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        order (ChatListMessagesOrder | Unset):  Default: ChatListMessagesOrder.ASC.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | MessageOutPage
    """

    return (
        await asyncio_detailed(
            conversation_id=conversation_id,
            client=client,
            cursor=cursor,
            limit=limit,
            order=order,
        )
    ).parsed
