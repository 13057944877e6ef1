"""Info: disposal guides, item search, news and tips."""

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.container import ServiceModule
from ecoeco.info.endpoints import router
from ecoeco.info.handlers import on_user_deleted
from ecoeco.info.runtime import InfoRuntime, build, collect_news

SERVICE = ServiceModule(
    name="info",
    runtime=InfoRuntime,
    router=router,
    handlers={UserDeleted.TYPE: on_user_deleted},
    scheduled=[collect_news],
)

__all__ = ["SERVICE", "InfoRuntime", "build"]
