"""Object storage port: a local directory or any S3-compatible service."""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from ecoeco.core.errors import BadRequest, NotFound


@dataclass(frozen=True)
class PresignedUpload:
    """Where and how a client PUTs an object directly."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    expires_in: int = 900


def check_key(key: str) -> str:
    """Refuse keys that could escape their namespace."""
    path = PurePosixPath(key)
    if not key or key.startswith("/") or ".." in path.parts or "\\" in key or len(key) > 512:
        raise BadRequest(f"invalid object key: {key!r}")
    return key


class ObjectStorage(Protocol):
    """Put, get and delete bytes by key."""

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store an object, replacing any with the same key."""

    async def get(self, key: str) -> bytes:
        """Read an object; raises NotFound."""

    async def exists(self, key: str) -> bool:
        """True when the object exists."""

    async def delete(self, key: str) -> None:
        """Delete an object; missing is fine."""

    async def keys(self, prefix: str) -> list[str]:
        """Every key under a prefix, sorted."""

    async def delete_prefix(self, prefix: str) -> int:
        """Delete every object under a prefix; returns how many."""

    async def presign_put(
        self, key: str, content_type: str, expires: int
    ) -> PresignedUpload | None:
        """A direct-upload URL, or None when uploads must go through the API."""

    async def ping(self) -> None:
        """Raise when storage is unreachable."""


class LocalStorage:
    """Objects as files under a root directory (the embedded mode)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(data)
            os.replace(tmp, path)

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise NotFound(f"object {key} not found") from None

    async def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    async def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def keys(self, prefix: str) -> list[str]:
        base = self._path(prefix.rstrip("/"))

        def walk() -> list[str]:
            if not base.is_dir():
                return []
            found = (p for p in base.rglob("*") if p.is_file() and not p.name.endswith(".part"))
            return sorted(p.relative_to(self.root).as_posix() for p in found)

        return await asyncio.to_thread(walk)

    async def delete_prefix(self, prefix: str) -> int:
        base = self._path(prefix.rstrip("/"))
        if base.is_dir():
            count = sum(1 for p in base.rglob("*") if p.is_file())
            await asyncio.to_thread(shutil.rmtree, base, True)
            return count
        return 0

    async def presign_put(
        self, key: str, content_type: str, expires: int
    ) -> PresignedUpload | None:
        return None

    async def ping(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)


class S3Storage:
    """Any S3-compatible service through boto3, run off the event loop."""

    def __init__(self, bucket: str, client: Any) -> None:
        self.bucket = bucket
        self.client = client

    @classmethod
    def from_url(cls, url: str) -> S3Storage:
        """`s3://bucket?endpoint_url=http://host:port&region=ap-northeast-2`."""
        import boto3

        parsed = urlparse(url)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        unknown = sorted(set(query) - {"endpoint_url", "region"})
        if unknown:  # a misspelt endpoint would silently send dev credentials to AWS
            raise ValueError(
                f"ECOECO_STORAGE_URL: unknown parameter(s) {', '.join(unknown)}; "
                "an s3:// URL takes endpoint_url and region"
            )
        client = boto3.client(
            "s3",
            endpoint_url=query.get("endpoint_url"),
            region_name=query.get("region", "ap-northeast-2"),
        )
        return cls(parsed.netloc, client)

    async def ensure_bucket(self) -> None:
        """Create the bucket when it does not exist (local S3 servers)."""

        def create() -> None:
            try:
                self.client.head_bucket(Bucket=self.bucket)
            except Exception:
                self.client.create_bucket(
                    Bucket=self.bucket,
                    CreateBucketConfiguration={"LocationConstraint": self.client.meta.region_name},
                )

        await asyncio.to_thread(create)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self.client.put_object,
            Bucket=self.bucket,
            Key=check_key(key),
            Body=data,
            ContentType=content_type,
        )

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            try:
                obj = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
            except self.client.exceptions.NoSuchKey:
                raise NotFound(f"object {key} not found") from None
            body: bytes = obj["Body"].read()
            return body

        return await asyncio.to_thread(read)

    async def exists(self, key: str) -> bool:
        def head() -> bool:
            try:
                self.client.head_object(Bucket=self.bucket, Key=check_key(key))
                return True
            except Exception:
                return False

        return await asyncio.to_thread(head)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=check_key(key))

    async def keys(self, prefix: str) -> list[str]:
        def listing() -> list[str]:
            paginator = self.client.get_paginator("list_objects_v2")
            pages = paginator.paginate(Bucket=self.bucket, Prefix=check_key(prefix))
            return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

        return await asyncio.to_thread(listing)

    async def delete_prefix(self, prefix: str) -> int:
        def remove() -> int:
            count = 0
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=check_key(prefix)):
                keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys})
                    count += len(keys)
            return count

        return await asyncio.to_thread(remove)

    async def presign_put(
        self, key: str, content_type: str, expires: int
    ) -> PresignedUpload | None:
        url = await asyncio.to_thread(
            self.client.generate_presigned_url,
            "put_object",
            Params={"Bucket": self.bucket, "Key": check_key(key), "ContentType": content_type},
            ExpiresIn=expires,
        )
        return PresignedUpload(
            url=str(url), headers={"Content-Type": content_type}, expires_in=expires
        )

    async def ping(self) -> None:
        await asyncio.to_thread(self.client.head_bucket, Bucket=self.bucket)


def storage_from_url(url: str) -> ObjectStorage:
    """Pick the adapter from the URL scheme: `s3://bucket?...`, `file:///dir` or a plain path."""
    if url.startswith("s3://"):
        return S3Storage.from_url(url)
    scheme = urlparse(url).scheme
    if scheme not in ("", "file") and len(scheme) > 1:  # one letter is a Windows drive
        raise ValueError(f"unsupported storage URL {url!r}: use s3://bucket or a directory")
    return LocalStorage(Path(url.removeprefix("file://")))
