"""Forms for the consumer portal; every message is shown in the user's language."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm

from tousu.accounts.models import User
from tousu.core.evidence import EvidenceRejected, check_file
from tousu.core.vocab import DEMANDS
from tousu.merchants.models import Merchant
from tousu.web.templatetags.ui import is_en


def _t(zh: str, en: str) -> str:
    return en if is_en() else zh


_ZH_EVIDENCE = {
    "empty_file": "文件是空的",
    "file_too_large": f"文件太大，单个文件不超过 {settings.TOUSU_MAX_EVIDENCE_BYTES // (1 << 20)} MB",
    "unsupported_type": "只支持 JPEG、PNG、GIF、WebP、HEIC 图片，PDF 或 UTF-8 文本",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one field, each checked for its real type and size up front.

    Checking before the complaint is written means a bad file rejects the whole form and
    nothing is half-saved.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": "image/*,application/pdf,text/plain"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.TOUSU_MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_t(
                f"最多上传 {settings.TOUSU_MAX_EVIDENCE_FILES} 个文件",
                f"at most {settings.TOUSU_MAX_EVIDENCE_FILES} files"))
        for f in files:
            head = f.read(64)
            f.seek(0)
            try:
                check_file(head, f.size, max_bytes=settings.TOUSU_MAX_EVIDENCE_BYTES)
            except EvidenceRejected as exc:
                zh = _ZH_EVIDENCE.get(exc.code, str(exc))
                raise forms.ValidationError(f"{f.name}: {_t(zh, str(exc))}") from None
        return files


class ComplaintForm(forms.Form):
    merchant = forms.ModelChoiceField(queryset=Merchant.objects.filter(is_active=True)
                                      .order_by("name"))
    title = forms.CharField(max_length=200)
    narrative = forms.CharField(widget=forms.Textarea, min_length=10, max_length=5000)
    amount = forms.DecimalField(min_value=Decimal(0), max_digits=14, decimal_places=2,
                                required=False)
    demands = forms.MultipleChoiceField(choices=[(c, c) for c in DEMANDS], required=False,
                                        widget=forms.CheckboxSelectMultiple)
    visibility = forms.ChoiceField(choices=[("", ""), ("public", "public"),
                                            ("private", "private")], required=False)
    evidence = EvidenceField(required=False)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["merchant"].label = _t("投诉对象（商家）", "Merchant")
        f["merchant"].empty_label = _t("请选择商家", "Choose a merchant")
        f["merchant"].error_messages["required"] = _t("请选择要投诉的商家", "Choose the merchant")
        f["title"].label = _t("标题", "Title")
        f["title"].error_messages["required"] = _t("请填写标题", "Give the complaint a title")
        f["narrative"].label = _t("经过", "What happened")
        f["narrative"].error_messages.update({
            "required": _t("请描述事情经过", "Describe what happened"),
            "min_length": _t("请至少写 10 个字，说明时间、经过和您的损失",
                             "Write at least 10 characters: when, what, and your loss"),
        })
        f["amount"].label = _t("涉及金额（元）", "Amount involved (CNY)")
        f["demands"].label = _t("诉求", "What you ask for")
        f["demands"].choices = [(c, t.en if is_en() else t.zh) for c, t in DEMANDS.items()]
        f["visibility"].label = _t("是否公开", "Visibility")
        f["visibility"].choices = [
            ("", _t("按默认（签约商家私下处理，其他公开脱敏展示）",
                    "Default (private for committed merchants, otherwise public, masked)")),
            ("public", _t("公开（脱敏后展示）", "Public (masked)")),
            ("private", _t("不公开", "Private")),
        ]
        f["evidence"].label = _t("证据（图片或 PDF，可多选）", "Evidence (images or PDF)")
        f["consent"].label = _t(
            "我同意平台为处理本投诉收集、加密保存我的个人信息，并向被投诉商家提供处理所必需的信息。",
            "I agree that the platform keeps my personal data encrypted to handle this "
            "complaint and shares with the merchant only what it needs.")
        f["consent"].error_messages["required"] = _t(
            "需要您同意处理个人信息，平台才能受理投诉", "Consent is needed to handle the complaint")


class SignupForm(UserCreationForm):
    """Consumers register themselves; every other role is created by an administrator."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.role = "consumer"
        if commit:
            user.save()
        return user
