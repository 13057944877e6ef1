from enum import StrEnum


class ProvidersOutProvidersItem(StrEnum):
    GOOGLE = "google"
    KAKAO = "kakao"
    NAVER = "naver"

    def __str__(self) -> str:
        return str(self.value)
