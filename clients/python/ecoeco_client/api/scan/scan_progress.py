from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.scan_progress_answer import ScanProgressAnswer
from ...models.scan_progress_done import ScanProgressDone
from ...models.scan_progress_failed import ScanProgressFailed
from ...models.scan_progress_needs_confirmation import ScanProgressNeedsConfirmation
from ...models.scan_progress_reward import ScanProgressReward
from ...models.scan_progress_rule import ScanProgressRule
from ...models.scan_progress_vision import ScanProgressVision
from ...types import UNSET, Response, Unset


def _get_kwargs(
    scan_id: str,
    *,
    last_event_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/scan/{scan_id}/events".format(
            scan_id=quote(str(scan_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            ScanProgressAnswer
            | ScanProgressDone
            | ScanProgressFailed
            | ScanProgressNeedsConfirmation
            | ScanProgressReward
            | ScanProgressRule
            | ScanProgressVision
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_vision = ScanProgressVision.from_dict(data)

                return response_200_vision
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_rule = ScanProgressRule.from_dict(data)

                return response_200_rule
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_answer = ScanProgressAnswer.from_dict(data)

                return response_200_answer
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_reward = ScanProgressReward.from_dict(data)

                return response_200_reward
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_done = ScanProgressDone.from_dict(data)

                return response_200_done
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_needs_confirmation = ScanProgressNeedsConfirmation.from_dict(data)

                return response_200_needs_confirmation
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_failed = ScanProgressFailed.from_dict(data)

            return response_200_failed

        response_200 = _parse_response_200(response.text)

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

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
]:
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
    last_event_id: None | str | Unset = UNSET,
) -> Response[
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
]:
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final

     Server-sent events, one per stage; resumable with Last-Event-ID, closed when final.

    Args:
        scan_id (str):
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanProgressAnswer | ScanProgressDone | ScanProgressFailed | ScanProgressNeedsConfirmation | ScanProgressReward | ScanProgressRule | ScanProgressVision]
    """

    kwargs = _get_kwargs(
        scan_id=scan_id,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> (
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
    | None
):
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final

     Server-sent events, one per stage; resumable with Last-Event-ID, closed when final.

    Args:
        scan_id (str):
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanProgressAnswer | ScanProgressDone | ScanProgressFailed | ScanProgressNeedsConfirmation | ScanProgressReward | ScanProgressRule | ScanProgressVision
    """

    return sync_detailed(
        scan_id=scan_id,
        client=client,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> Response[
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
]:
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final

     Server-sent events, one per stage; resumable with Last-Event-ID, closed when final.

    Args:
        scan_id (str):
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanProgressAnswer | ScanProgressDone | ScanProgressFailed | ScanProgressNeedsConfirmation | ScanProgressReward | ScanProgressRule | ScanProgressVision]
    """

    kwargs = _get_kwargs(
        scan_id=scan_id,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    scan_id: str,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> (
    ErrorResponse
    | ScanProgressAnswer
    | ScanProgressDone
    | ScanProgressFailed
    | ScanProgressNeedsConfirmation
    | ScanProgressReward
    | ScanProgressRule
    | ScanProgressVision
    | None
):
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final

     Server-sent events, one per stage; resumable with Last-Event-ID, closed when final.

    Args:
        scan_id (str):
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanProgressAnswer | ScanProgressDone | ScanProgressFailed | ScanProgressNeedsConfirmation | ScanProgressReward | ScanProgressRule | ScanProgressVision
    """

    return (
        await asyncio_detailed(
            scan_id=scan_id,
            client=client,
            last_event_id=last_event_id,
        )
    ).parsed
