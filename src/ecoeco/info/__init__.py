"""Info: disposal guides, item search, news and tips."""

from ecoeco.core.container import ServiceModule
from ecoeco.info.collector import collect_news_forever
from ecoeco.info.endpoints import router
from ecoeco.info.runtime import start_info

SERVICE = ServiceModule(
    name="info", router=router, on_startup=[start_info], scheduled=[collect_news_forever]
)
