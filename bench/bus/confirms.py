"""Publisher-confirm throughput and latency against the local RabbitMQ, with aiormq.

Each case runs in a fresh process (its own connection and event loop) and publishes in
the relay's pattern: a batch of `--batch` messages queued at once (basic_publish with
wait=False), then every confirmation awaited, then the next batch, for `--seconds`.
It prints confirmed messages per second, the latency from a message's publish call to
its confirmation (p50, p95), and RabbitMQ's CPU per message (its process's /proc stat).

The cases vary one thing at a time:
- persistent (delivery_mode 2) or transient messages;
- 1 or N bound durable queues per message (the routing fan-out);
- whether a consumer takes and acks the messages as they come (the real system's
  queues are consumed; a queue that holds its messages must write them down);
- an idle event loop, or a busy one: `--busy-tasks` tasks each holding the loop thread
  `--burn-ms` between yields (the app's loop thread under load), so the client's frame
  reader gets the thread only between them.

    .venv/bin/python bench/bus/confirms.py [--seconds 4] [--batch 33]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable
from dataclasses import asdict, dataclass

import aiormq
from pamqp.commands import Basic

AMQP = "amqp://guest:guest@127.0.0.1:5672/"
BODY = json.dumps({"id": str(uuid.uuid4()), "payload": {"x": "y" * 300}}).encode()
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Case:
    persistent: bool = True
    queues: int = 1
    consumed: bool = True
    busy_tasks: int = 0
    burn_ms: float = 0.0
    queue_type: str = "classic"  # or "quorum"
    frame_buffer: int = 10  # aiormq's default bound on the connection's write queue
    own_consumer_connection: bool = False  # the consumer on a connection of its own


def beam_pid() -> int | None:
    out = subprocess.run(["pgrep", "-f", "beam.smp"], capture_output=True, text=True).stdout
    pids = [int(p) for p in out.split()]
    return pids[0] if pids else None


def cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except OSError:
        return 0.0


async def burn(stop: asyncio.Event, burn_ms: float, passes: list[int]) -> None:
    """Hold the loop thread `burn_ms` at a time, yielding between (a busy app's loop)."""
    while not stop.is_set():
        passes[0] += 1
        end = time.perf_counter() + burn_ms / 1000
        while time.perf_counter() < end:
            pass
        await asyncio.sleep(0)


async def timed(wait: Awaitable[object], sent: float, latencies: list[float]) -> None:
    """Await one confirmation and record its time since the batch was sent."""
    result = await wait
    assert isinstance(result, Basic.Ack), result
    latencies.append(time.perf_counter() - sent)


async def run_case(case: Case, seconds: float, batch: int) -> dict[str, float]:
    aiormq.Connection.FRAME_BUFFER_SIZE = case.frame_buffer  # this process only
    conn = await aiormq.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True, frame_buffer_size=case.frame_buffer)
    tag = uuid.uuid4().hex[:8]
    exchange = f"bench.confirms.{tag}"
    await channel.exchange_declare(exchange, exchange_type="topic", durable=False, auto_delete=True)
    queues = [f"bench.confirms.{tag}.{i}" for i in range(case.queues)]
    aiormq.Connection.FRAME_BUFFER_SIZE = 10
    other = await aiormq.connect(AMQP) if case.own_consumer_connection else conn
    consumer = await other.channel()
    await consumer.basic_qos(prefetch_count=200)
    for name in queues:
        arguments = {"x-queue-type": case.queue_type}
        await channel.queue_declare(name, durable=True, arguments=arguments)
        await channel.queue_bind(name, exchange, routing_key="scan.#")
        if case.consumed:

            async def ack(message: aiormq.abc.DeliveredMessage) -> None:
                await consumer.basic_ack(message.delivery_tag)  # type: ignore[arg-type]

            await consumer.basic_consume(name, ack)
    properties = aiormq.spec.Basic.Properties(
        delivery_mode=2 if case.persistent else 1, content_type="application/json"
    )
    stop = asyncio.Event()
    passes = [0]
    burners = [
        asyncio.create_task(burn(stop, case.burn_ms, passes)) for _ in range(case.busy_tasks)
    ]
    latencies: list[float] = []
    confirmed = 0
    pid = beam_pid()
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        sent = time.perf_counter()
        waits = [
            channel.basic_publish(
                BODY,
                exchange=exchange,
                routing_key="scan.finished",
                properties=properties,
                wait=False,
            )
            for _ in range(batch)
        ]

        await asyncio.gather(*(timed(w, sent, latencies) for w in waits))
        confirmed += batch
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    stop.set()
    await asyncio.gather(*burners)
    for name in queues:
        await channel.queue_delete(name)
    await conn.close()
    if other is not conn:
        await other.close()
    latencies.sort()
    batches = confirmed / batch
    return {
        "per_s": confirmed / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "beam_ms_per_msg": cpu * 1000 / max(confirmed, 1),
        "passes_per_batch": passes[0] / max(case.busy_tasks, 1) / batches,
    }


CASES = {
    "persistent, 1 queue, consumed, idle loop": Case(),
    "transient, 1 queue, consumed, idle loop": Case(persistent=False),
    "persistent, 3 queues, consumed, idle loop": Case(queues=3),
    "persistent, 1 queue, not consumed, idle loop": Case(consumed=False),
    "transient, 1 queue, not consumed, idle loop": Case(persistent=False, consumed=False),
    "persistent, 1 quorum queue, consumed, idle loop": Case(queue_type="quorum"),
    "persistent, 1 queue, consumed, busy loop (4 x 5 ms)": Case(busy_tasks=4, burn_ms=5),
    "transient, 1 queue, consumed, busy loop (4 x 5 ms)": Case(
        persistent=False, busy_tasks=4, burn_ms=5
    ),
    "persistent, 1 queue, not consumed, busy loop (4 x 5 ms)": Case(
        consumed=False, busy_tasks=4, burn_ms=5
    ),
    "persistent, 1 queue, not consumed, busy loop (1 x 20 ms)": Case(
        consumed=False, busy_tasks=1, burn_ms=20
    ),
    "persistent, 1 queue, consumed, busy loop (4 x 5 ms), frame buffer 256": Case(
        busy_tasks=4, burn_ms=5, frame_buffer=256
    ),
    "persistent, 1 queue, consumed, idle loop, frame buffer 256": Case(frame_buffer=256),
    "persistent, 1 queue, consumed on another connection, busy loop (4 x 5 ms)": Case(
        busy_tasks=4, burn_ms=5, own_consumer_connection=True
    ),
    "persistent, 1 queue, consumed on another connection, busy loop (4 x 5 ms), "
    "frame buffer 256": Case(
        busy_tasks=4, burn_ms=5, frame_buffer=256, own_consumer_connection=True
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--batch", type=int, default=33)
    parser.add_argument("--cases", default="", help="comma-separated substrings to keep")
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)  # a case, as JSON
    args = parser.parse_args()
    if args.one:
        result = asyncio.run(run_case(Case(**json.loads(args.one)), args.seconds, args.batch))
        print(json.dumps(result))
        return
    keep = [c for c in args.cases.split(",") if c]
    print(f"batch {args.batch}, {args.seconds:g} s per case, load {os.getloadavg()[0]:.2f}")
    print("| case | confirmed/s | p50 | p95 | RabbitMQ CPU per message | loop passes per batch |")
    print("|---|---|---|---|---|---|")
    for name, case in CASES.items():
        if keep and not any(k in name for k in keep):
            continue
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                json.dumps(asdict(case)),
                "--seconds",
                str(args.seconds),
                "--batch",
                str(args.batch),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {name} | {r['per_s']:.0f} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms "
            f"| {r['beam_ms_per_msg']:.2f} ms | {r['passes_per_batch']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
