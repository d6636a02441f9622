from django.contrib.auth import views as auth_views
from django.urls import path

from tousu.web.login import LoginView
from tousu.web.views import assistant, common, consumer, merchant, public, regulator, staff

app_name = "web"
urlpatterns = [
    path("home", common.home, name="home"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", common.signup, name="signup"),
    # Any party to a complaint: the access policy decides who may do what.
    path("c/<int:complaint_id>/message", common.post_message, name="message"),
    path("c/<int:complaint_id>/evidence", common.upload_evidence, name="evidence"),
    path("c/<int:complaint_id>/evidence/<int:evidence_id>", common.download_evidence,
         name="evidence_file"),
    path("c/<int:complaint_id>/act", common.act, name="act"),
    path("c/<int:complaint_id>/rate", common.rate, name="rate"),
    # Public site: no login, masked text only
    path("public/complaints", public.complaints, name="public_complaints"),
    path("public/c/<str:ref>", public.complaint, name="public_complaint"),
    path("public/merchants/<int:merchant_id>", public.merchant, name="public_merchant"),
    path("public/industries/<str:code>", public.industry, name="public_industry"),
    path("public/rankings", public.rankings, name="rankings"),
    path("public/best", public.best, name="best_service"),
    # Consumer portal
    path("me/", consumer.my_complaints, name="my_complaints"),
    path("me/new", consumer.new_complaint, name="new_complaint"),
    path("me/c/<int:complaint_id>", consumer.my_complaint, name="my_complaint"),
    path("me/privacy", consumer.privacy, name="privacy"),
    path("merchants/options", consumer.merchant_options, name="merchant_options"),
    # Assistant
    path("assistant", assistant.page, name="assistant"),
    path("assistant/log", assistant.log, name="assistant_log"),
    path("assistant/say", assistant.say, name="assistant_say"),
    path("assistant/human", assistant.human, name="assistant_human"),
    # Merchant console
    path("m/", merchant.queue, name="merchant_queue"),
    path("m/c/<int:complaint_id>", merchant.complaint, name="merchant_complaint"),
    path("m/collective", merchant.collective_cases, name="merchant_collective"),
    path("m/collective/<int:case_id>/update", merchant.collective_update,
         name="merchant_collective_update"),
    path("m/stats", merchant.stats, name="merchant_stats"),
    path("m/feedback", merchant.feedback, name="merchant_feedback"),
    # Regulators (and staff): aggregates only
    path("regulator/scorecard", regulator.scorecard_page, name="scorecard"),
    # Staff console
    path("staff/", staff.triage, name="triage"),
    path("staff/c/<int:complaint_id>", staff.complaint, name="staff_complaint"),
    path("staff/c/<int:complaint_id>/scenario", staff.override, name="override"),
    path("staff/c/<int:complaint_id>/emergency", staff.judge_emergency, name="judge_emergency"),
    path("staff/emergencies", staff.emergency_queue, name="emergencies"),
    path("staff/emergencies/<int:complaint_id>/take", staff.take, name="take"),
    path("staff/emergencies/<int:complaint_id>/casefile", staff.casefile, name="casefile"),
    path("staff/chats", staff.chats, name="staff_chats"),
    path("staff/chats/<int:conversation_id>", staff.chat_detail, name="staff_chat"),
    path("staff/callbacks", staff.callbacks, name="callbacks"),
    path("staff/callbacks/<int:callback_id>", staff.callback_detail, name="callback"),
    path("staff/c/<int:complaint_id>/callback", staff.schedule_callback,
         name="schedule_callback"),
    path("staff/stats", staff.platform_stats, name="platform_stats"),
    path("staff/integrity", staff.integrity, name="integrity"),
    path("staff/integrity/<int:flag_id>", staff.integrity_decide, name="integrity_decide"),
    path("staff/collective", staff.collective_suggestions, name="collective"),
    path("staff/collective/<int:suggestion_id>/decide", staff.collective_decide,
         name="collective_decide"),
]
