"""Emergency detection (M3): a lexicon of components combined by rules, the model as a net.

Every miss is a person losing money while the complaint waits in a queue, so the detector
is built for recall. Instead of one regex per phrasing (which only ever learns the phrasings
someone already saw), an emergency is described by *components* that consumers combine
freely, each a small lexicon, grouped by the four emergency families:

- money leaving now: ``MOVE`` (扣/刷/转走/取现/消费/"charged") near ``NOT_ME`` (不是我/没授权/
  不认识/卡在身上/"I didn't make"); ``NOW`` (还在扣/一笔一笔/不停/"keeps charging"); ``LOSS``
  (卡里的钱没了/"account drained"); theft words (盗刷/dao shua/"fraudulent charges"); credit
  opened behind the owner's back (花呗被人开通); a phone or wallet just lost or stolen;
- account takeover: 被盗/被人登录/改绑/解绑手机/挤下线/用我的号借钱/"hacked"/"changed my
  password"/"locked me out", over the platforms consumers name (抖音/TikTok/快手/QQ/微信/
  支付宝/Steam/PayPal …), and SIM swap (补办手机卡/"number ported");
- fraud in progress: impersonated staff or relatives (自称/冒充/号称/"pretending to be"),
  requests for codes (验证码/OTP), screen sharing and remote control, "safe account"
  transfers, up-front fees (解冻费/保证金/交税才能提现), refund/理赔, police, investment and
  task scams, a counterpart who vanished after being paid, loan-app extortion (a loan never
  received or usurious, repaid under threats: 爆通讯录/发给家人) and sextortion. A minor
  being scammed or spending *right now* is an emergency; a minor's past spending is a refund
  case (as labelled in ``eval/zh_eval.jsonl``), and so is harsh collection of a real debt;
- funds frozen: ``FROZEN`` × ``MONEY`` (冻结/止付/风控/限制收款/"on hold"/"limited" with an
  amount or money in the account) and withdrawals blocked (提不出来/"can't withdraw").

A rule fires when its components co-occur within :data:`WINDOW` characters, so the lexicon
generalises to combinations nobody wrote down. ``unless`` components veto a rule near its
evidence: resolution (已经解冻/已追回/"refunded"), not engaging with a scam (没点/没给/"didn't
click"), fear, awareness or hypotheticals (担心被骗/听说/如果手机丢了/"what should I do if"),
recognised subscriptions and fees, debt collectors, a minor's spending, a game ban, goods
disputes (感觉被骗了 + 退货). Recall comes first: a veto only covers the rule it is listed on.
Chinese components only run on texts containing Chinese, English ones only on texts with
Latin letters. The catalog's ``emergency_signals`` (editable by admins) are applied on top,
and the model's probability mass on emergency scenarios is the last net.

Every complaint goes through this, so each regex carries a *gate* derived from the pattern
itself (literals every match contains; see :func:`_gate`): most regexes are never run.
Tuning sets and results: see ``eval/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import numpy as np

from .catalog import Catalog, EmergencySignal
from .features import is_chinese_pattern
from .regex_gate import LiteralScan, gate_literals

#: Two components "co-occur" when their matches are at most this many characters apart.
WINDOW = 40

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-z]")

#: Accounts and the platforms consumers name instead of "account".
_ACCOUNT = (
    r"账号|账户|帐号|帐户|帳號|帳戶|号|微信|支付宝|qq|邮箱|店铺|小店|apple ?id|icloud|钱包|app"
    r"|抖音|快手|tiktok|微博|小红书|淘宝|京东|美团|拼多多|闲鱼|steam|游戏|手机银行|网银|证券"
    r"|paypal|instagram|ins|facebook|脸书|钉钉|百度|网盘"
)
_MONEY_SUBJ = (
    r"钱|余额|存款|资金|积蓄|工资|养老金|退休金|零钱|余额宝|小金库|货款|学费|房租|营业额|营业款"
    r"|生活费|收益|佣金|本金|保证金|医药费|救命钱|血汗钱"
)
#: Who scammers pretend to be.
_STAFF = (
    r"客服|工作人员|银行|警察|警官|公安|民警|派出所|网警|检察|法院|公检法|专员|官方|平台|快递|物流"
    r"|顺丰|医保|社保|税务|领导|老板|客户经理|理赔|售后|运营商|移动|联通|电信|银保监|证监会|金融"
    r"|管理局|中心|人民银行|央行|银联|淘宝|京东|抖音|快手|支付宝|微信|美团|拼多多|老师|班主任"
)
#: Staff words specific enough after a bare "说是" ("说是平台规定" is no impersonation).
_STAFF_STRICT = (
    r"客服|工作人员|银行|警察|警官|公安|民警|派出所|网警|检察|法院|公检法|专员|理赔|快递员|医保|社保"
    r"|税务局?|客户经理|银保监会|银保监|证监会|管理局|人民银行|央行|银联"
)
_MONEY_AMOUNT = (
    r"\d[\d,.]*(?![\d,.]|\s*(?:天|日|小时|分钟|秒|年|个月|月|周|星期|次|个|号|岁|期|点|级|%|楼|层"
    r"|days?|hours?|minutes?|years?|months?|weeks?|times?|am|pm|th|st|nd|rd))"
    r"|[一二两三四五六七八九十百千万几]+多?(块|元|万|千|百)"
)

# Chinese components -------------------------------------------------------------------
ZH = {
    # --- money leaving now
    "move": r"扣(了|款|费|钱|走|掉|光)?|刷(了|走|掉|卡)|被刷|消费|转(走|出|账|帐|掉|了|到|给|进|入)|划(走|扣|掉|转|了)"
    r"|取(走|现|款|了)|提现|支付了|付款|支出|借(走|了)|贷(了|出)|下(了)?(好几|几|十几)?单|买(了|的|东西)"
    r"|充值|充了|花(了|掉)|发(了)?红包|交易|汇(款|了|走)|套现|免密支付|用光|刷爆|往外转|被转|被划|被提"
    r"|多(出|了)[^，,。]{0,4}(笔|单)",
    "not_me": r"不是(我|本人)|非本人|(我|本人|他|她|老人|我爸|我妈)(这辈子|根本|从来|压根|完全|都|也|并|绝对|一直){0,2}(没|没有|未|从未|从没|不曾|不会)"
    r"(有)?(操作|授权|同意|碰|去过|出过|出门|订过|下过|买过|消费过|转过|充过|借过|用过|玩|在那|设置|开通|绑定|绑过|开过"
    r"|收到过?(任何)?(验证码|短信)|申请过?)|(没|没有|未|从未|从没)(有)?(授权|本人操作)"
    r"|不(认识|认得)|没见过|陌生|莫名|莫明|不知情|不知道(是)?(谁|什么时候)|谁(干|弄|操作)的|凭空"
    r"|无缘无故|不翼而飞|被(人|别人|他人|陌生人|骗子)|别人(用|刷|买|借|的卡)|不是我的"
    rf"|(有人|别人|陌生人|骗子)(在[^，,。]{{0,6}})?(用|拿|刷|在|登)(我的?)(卡|信息|身份|手机|{_ACCOUNT})"
    r"|(卡|手机)(就|一直|还|都|也)?(在|放在)(我)?(身上|手上|手里|钱包|家|身边|抽屉|口袋)"
    r"|人(就|还|一直|明明)?在(家|医院|上班|睡觉|外地|国内|公司|学校|单位|[^，,。！!？?\s\d]{2,3}(市|省)?(?=[，,。！!？?\s]|$))"
    r"|(一直|明明|当时|正|都)在(家|医院|上班|公司|学校|单位|睡觉|开会|上课|飞机上|外地|国外)"
    r"|在睡觉|睡觉的时候|卡(也)?没丢|没有任何(支付|消费|交易)?记录|没(有)?(买|消费|下单|刷|花)(任何|过|这|东西|什么)",
    "now": r"(还在|正在|不停|不断|一直在|持续|还一直)(地|的)?(一直|不停|不断|继续)?(被)?(扣|转|刷|消费|划|取|借|充|往外|少|弹)"
    r"|一笔一笔|一笔笔|接连|连着(扣|刷|转|被|来)|连续(扣|刷|转|消费|收到)|又来一条|每隔.{0,4}分钟"
    r"|几分钟(内|里|之内)|一分钟(一笔|扣|好几|几)|停不下来|(还|一直|都)没(有)?停|还在继续|继续(扣|刷|转|充|打赏)"
    r"|(扣款|消费|支付|转账)(通知|短信|提醒).{0,6}(一直|不停|不断|还在)|(一直|不停|不断)(响|弹|来)[^。]{0,10}(扣款|消费|支付|转账)",
    "loss": r"(卡里|卡上|账户|帐户|余额|存款|积蓄|零钱|余额宝|工资卡|钱包|里面|钱)(的)?(钱|余额)?"
    r".{0,10}(少了|没了|不见了|被清空|清空|扣光|转空|只剩|不翼而飞|全没|被转走|被划走|被取走)"
    r"|(余额|卡里|卡上|账户|帐户)[^，,。]{0,6}(变成|变为|成了|归)(了)?(0|零)",
    "passive_move": r"(卡|账户|帐户|余额|钱|支付宝|微信|信用卡|储蓄卡|工资卡|钱包|零钱|余额宝|白条|花呗|借呗|月付)[^，,。！!？?]{0,4}"
    r"被(人|别人|他人|陌生人|对方)?(消费|刷|取|转|划|盗|借|花|用|提现|提走|买|扣)",
    "theft": r"盗刷|盗shua|dao ?shua|盗划|盗用|被盗|盗走|盗号|被人盗|被黑|复制卡|伪卡|连刷|偷刷|bei ?dao|盜刷|被盜",
    "misuse": r"冒用|冒名",
    "lost_device": r"(手机|钱包|银行卡|信用卡|卡|身份证)(刚|刚刚|刚才|今天|昨晚)?.{0,2}(丢了|丢失|被偷|被盗|被抢|不见了)",
    "odd_place_time": r"异地|境外|国外|外省|外地|半夜|凌晨|深夜|另一个(城市|国家)",
    "credit_opened": r"(月付|先用后付|免密|借呗|花呗|白条|金条|网贷|贷款|信用卡|分期).{0,10}"
    r"(不知道|不知情|没开|没有开|没开通|没有开通|从来没开|被开通|没申请|被(人|别人)开|被(人|别人)?借)"
    r"|(没|没有|从没|从来没|未)(有)?(开通|开过|申请|办)(过)?.{0,6}(月付|先用后付|免密|借呗|花呗|白条|金条|网贷)",
    # --- account takeover
    "takeover": rf"({_ACCOUNT}).{{0,6}}(被盗|被黑|被hack|被黑客|被(人|别人|他人|陌生人|对方|他|她|他们|代练|买家|卖家|骗子|黑客)?(登录|登陆|登上|盗|抢|偷|改|顶|挤|接管|控制"
    r"|拿走|拿去|占|用了|改绑|换绑|解绑|注册|绑|实名)|被顶|挤下线|被改绑|被换绑|被解绑)"
    r"|(密码|密保|绑定(的)?(手机|手机号|邮箱|银行卡)|预留手机号|手机号|邮箱|实名|将军令|安全手机).{0,6}被(人|别人|对方)?"
    r"(改|修改|重置|换|解绑|改绑)"
    r"|(对方|有人|别人|他人|陌生人|骗子|黑客)[^，,。！!？?]{0,8}(改|修改|重置|解绑|改绑|换绑)(了|掉)?[^，,。！!？?]{0,10}"
    r"(密码|绑定|手机号|邮箱|密保|实名)"
    r"|顶号|挤下线|挤掉线|被挤掉|被踢下线|(登录|登陆)了我的|盗号"
    r"|(有人|别人|他人|陌生人|骗子)(把|用|拿)(我的?)(手机号|号码|身份证|银行卡|邮箱|身份)[^，,。]{0,4}(绑|注册|实名|登)"
    r"|(用|拿)(我的?)(号|账号|帐号|微信|qq|抖音|快手|名义|头像)[^。！!？?]{0,10}(借钱|发消息|发广告|私信|直播|卖货|诈骗|骗)"
    r"|(好友|朋友|同学|亲戚)(都)?(说|告诉我)[^。！!？?]{0,8}(找|向)(他们|她|他|大家)?借钱"
    r"|不是我的(手机号|号码|邮箱|实名)|(手机号|号码|邮箱)(变成|换成)(了)?(别人|陌生)"
    r"|(绑定|预留)(的)?(手机号?|邮箱|银行卡)[^，,。]{0,4}(换了|被换|改了|被改|变了|不是我的)|号被[^，,。]{0,4}找回|被绑(了|上)?(一张)?(陌生|别人|不是我)",
    "login_odd": rf"({_ACCOUNT})在[^，,。]{{1,8}}(登录|登陆)|被(强制)?(退出登录|退出登陆|踢下线|踢出|强制下线)"
    r"|(异地|陌生|新|别的|另一|其他|不明|外地|别人的?)(个|台|部)?(的)?(设备|手机|电脑|城市|地方|ip)?.{0,4}(登录|登陆)",
    "acct_change": r"(改|修改|重置|更改|换)(了)?[^，,。]{0,4}(密码|绑定|手机号|邮箱|密保)|密码(修改|重置)|换绑|改绑|解绑|新设备"
    r"|登录(提醒|通知)|登陆(提醒|通知)",
    "locked_out": r"登不上|登不进|登录不了|登陆不了|无法登录|无法登陆|上不去",
    "pw_changed": r"密码(不对|错误|错了|不正确|被改|已被)",
    "sim_swap": r"(补办|补了|补卡|换卡|过户|冒名).{0,8}(手机卡|sim|电话卡|号码|新卡|号)"
    r"|(手机卡|电话卡|号码|手机号|sim卡?|卡)[^，,。]{0,6}被(人|别人)?(补办|过户|转走|换卡|复制)"
    r"|(手机卡|电话卡|号码|手机号)[^，,。]{0,4}突然(失效|停机|被注销)|手机突然没(有)?信号"
    r"|验证码(都|全|全部)?(被)?(发到|发给|跑到|到了)(了)?(别人|他|她|陌生|对方|骗子)"
    r"|(有人|别人|陌生人|骗子)[^，,。]{0,6}(办理了?|补办了?|办了)(换卡|补卡|过户|新卡)",
    # --- fraud in progress
    "scam": r"被骗|骗了|骗走|骗去|骗光|骗取|被[^，,。！!？?]{1,8}(骗|坑走|忽悠)|诈骗|骗子|骗局|上当|刷单返利|杀猪盘|被忽悠|忽悠(我|去|着)|套路贷|电诈|被騙|詐騙|bei ?pian",
    "impersonation": rf"(冒充|假冒|假装|仿冒|假的?|自称|号称|说自己是|说他是|说她是|所谓的?|谎称|声称)[\"“”]?"
    rf"[^，,。！!？?\s]{{0,6}}({_STAFF})|冒充|假冒"
    rf"|(电话|来电|有人|对方|一个|个人|加我|加了我|私信|短信|号码)[^，,。！!？?]{{0,6}}(说|称)(是|他是|她是|自己是)"
    rf"[^，,。！!？?\s]{{0,6}}({_STAFF})|说是[^，,。！!？?\s]{{0,6}}({_STAFF_STRICT})的(人|打|来电|给我)"
    r"|(说是|自称|说他是|说她是|冒充|假装)(我的?)(朋友|同学|亲戚|领导|老板|儿子|女儿|孩子|表哥|表姐|表弟|舅舅|叔叔|老同学|战友|家人|老公|老婆)",
    "code_request": r"(验证码|验证吗|动态码|校验码|短信码|六位数|收到的码|付款码|短信(里|上)?的?(数字|码|内容)).{0,12}"
    r"(给(他|她|对方|他们|了)|告诉|报给|报了|念|发给|发过去|提供|要走|被要|截图)"
    r"|(让|要|叫)我[^，,。]{0,6}(填|输入|念|报)[^，,。]{0,6}(验证码|收到的码|数字|短信)"
    r"|(要|让|索要|问我要|骗走|套取|要了).{0,8}(验证码|验证吗|动态码|短信码|付款码)",
    "screen_share": r"屏幕共享|共享屏幕|分享屏幕|屏幕分享|共享桌面|开(了|启)?共享|远程(控制|协助|操作|软件)|手机自己在动"
    r"|(下载|下了|装|安装|打开|进入|加入|开|用|登录|登陆)[^，,。！!？?]{0,8}(会议|云视讯|zoom|anydesk|teamviewer|向日葵|todesk)",
    "safe_account": r"(安全|监管|清查|保护|核查|备用|指定|验证|保管)的?(账|帐)户|资金(核查|验证|清查|监管)|验资"
    r"|(解冻|激活|验证|认证)(费|金)|刷流水|流水不够|(注销|关闭|取消).{0,8}(校园贷|学生(贷|账户)|金条|百万(保障|医疗)|贷款)"
    r"|(校园贷|学生贷|金条|百万(保障|医疗)).{0,6}(没|未|要|需要)?(注销|关闭)"
    r"|(转|汇)(到|入|给|进).{0,8}(指定|安全|对方|他们|他给|他提供|他说)的?.{0,4}(账户|帐户|卡|账号)",
    "upfront_fee": r"(先|要我|让我|要)(转|交|付|充|缴).{0,8}(保证金|解冻|验证金|激活|手续费|罚款|服务费|验资|会员费|税|认证费|工本费|培训费|入职费|体检费|报名费|中介费)"
    r"|(费|金|钱|税|\d|万|千).{0,10}(才|就)(能|给|可以)?(放款|提现|到账|解冻|出金|返还|退回|拿回)|放款前.{0,6}(交|付|充)"
    r"|(提现|放款|到账|解冻|出金)[^。，,]{0,10}(要|需要|得|必须)(先)?(交|充|付|缴)",
    "repeat_demand": r"((又|再|继续)(要|让|叫)(我)?|还(让|叫)我)(再)?(交|充|转|付|垫)(了)?.{0,6}(费|钱|金|税|\d|万|千)",
    "instructed": r"((让|要|叫|指导|教)(我|她|他|老人|老人家|我妈|我爸|我奶奶|我爷爷|我老婆|我老公)|按照?(他|她|对方)的?(说的|指示|指导|要求)?)"
    r"[^。！!？?]{0,20}(转账|转钱|转给|转到|转了|转过去|汇款|打钱|汇钱|贷出|开通备用金|刷流水|下载.{0,6}(app|软件|应用)|扫码|扫二维码|垫付)"
    r"|(让我|要我|叫我)(在|去)[^，,。]{0,10}(贷款|借钱|借款)",
    "link": r"(点|扫|打开|发来|发了|发给我).{0,8}(链接|二维码|网址|网站)",
    "give_info": r"(输入|填|填写|提供|报|告诉).{0,6}(银行卡|卡号|密码|验证码|身份证|信息|资料)",
    "loan_trap": r"(没|未|不)(有)?(给我)?(到账|放款|下款|到手|打款)|(一分|一点|一毛)[^，,。]{0,4}(都|也)?没(到|拿到|收到|借到|下来)"
    r"|(钱|借款|贷款|款)(都|也)?没(拿到|收到|到账|到手)"
    r"|到手(只有|就|才|\d|[一二两三四五六七八九])|读取(了)?(我的?)?通讯录|通讯录(被|全)(读取|拿走|上传)"
    r"|(七|7)天(后|以后|之后)?(就)?(要)?还|714|高炮"
    r"|(到账|到手|借了?)[^。！!？?]{0,10}(要|却|得|就)?还[^。！!？?]{0,6}(\d|[一二两三四五六七八九十几]+(千|万|百|倍))|强制(放款|下款|借款)|只到(账|了)|到账(只有|一半|不到)"
    r"|(没|没有)(点|申请|同意|确认)(过)?(确认|借款|贷款|放款)"
    r"|砍头息|(没|没有|从没|根本没|从来没)(有)?(在[^，,。]{0,6})?(申请|借)(过)?(借款|贷款|网贷|钱|款)?|自己给我打了",
    "extort": r"威胁|恐吓|勒索|敲诈|(不还|不给|不转|不交)[^。]{0,6}(就|要)|爆(我)?(的)?通讯录"
    r"|发(给|到)(我的?)?(通讯录|家人|亲戚|同事|朋友|好友|所有人)|(逼|让|要)我(还|转)"
    r"|给(我的?)?(所有|全部)?(联系人|通讯录|家人|亲戚|同事|朋友|好友)[^，,。]{0,4}(发|打)|通讯录[^，,。]{0,6}(打|发|爆|轰炸)"
    r"|骚扰(我的?)?(家人|亲戚|同事|朋友|通讯录|联系人)|曝光|(发|曝光|p)(我的?)?(照片|裸照|视频|身份证)|一直催|催(我)?还|(去|到)(我的?)?(单位|公司|家|学校)(里)?(闹|找)|上门",
    "sextortion": r"裸聊|裸照|私密(视频|照片)|不雅(视频|照片)|录屏|录了屏|(有|拍了|录了)(我的?)[^，,。]{0,4}(视频|照片)",
    "vanished": r"(对方|他|她|骗子|那个人|客服|老师|网友)[^，,。！!？?]{0,4}(失联|联系不上|拉黑|跑路|不见了|电话打不通|人间蒸发|消失)",
    "paid": r"(交|付|转|汇|打|充)(了|过去|完)",
    "awareness": r"听说|防范|防骗|了解一下|科普|提醒大家|注意(防范|识别)|怎么识别",
    "police_scam": r"涉嫌(洗钱|犯罪|诈骗|违法|贩毒)|洗钱|配合调查|逮捕令|通缉令|保密协议|不(能|要|准)告诉(家人|任何人|别人|家里)"
    r"|(宾馆|酒店)开房配合|资金清查",
    "invest_scam": r"(拉(到|进|我进|我到)|带(我|着我)?)[^。！!？?]{0,10}(群|炒股|投资|理财|期货|虚拟币|博彩|币圈)|(老师|导师)带(我|着)"
    r"|平台(打不开|跑路|关了|登不上|失联|不见了|崩了)|(杀猪盘|资金盘)",
    "task_scam": r"刷单|做任务|做单|任务单|连单|卡单|点赞(任务|赚钱)|兼职",
    "task_pay": r"垫付|返(钱|利|佣|本)|佣金|本金|再做|再充|充值|提现",
    "code_recv": r"收到(了)?[^，,。]{0,6}(验证码|动态码)",
    "alert": r"收到[^，,。]{0,8}(取款|扣款|消费|交易|转账|支付|取现)(的)?(短信|提醒|通知)",
    "self_done": r"(是|都是)?我自己(买|消费|操作|转|充|付|花|刷|开)|是我(老婆|老公|家人)(买|刷|消费)",
    "then_move": r"(接着|然后|随后|马上|紧接着|就|之后)[^，,。]{0,10}(被)?(扣|转|刷|消费|划|支付)",
    "minor_now": r"(孩子|儿子|女儿|小孩|娃|孙子|孙女)[^。！!？?]{0,12}(刚刚|刚才|就在刚才|正在|还在|不停|一直在|今晚|这会)"
    r"[^。！!？?]{0,24}(充|花|打赏|刷|扣|买|转)",
    "minor_scam": r"(孩子|儿子|女儿|小孩|未成年|娃)[^。！!？?]{0,20}(被骗|免费(领|送)|扫码|加了.{0,6}(qq|微信)|转账给)",
    # --- funds frozen
    "frozen": rf"({_MONEY_SUBJ}|账户|帐户|账号|帐号|银行卡|卡|支付宝|微信|财付通|钱包|商家|店铺|小店|后台|paypal).{{0,8}}"
    r"(被)?(冻结|冻了|止付|锁定|风控|限制|锁了|暂停|非柜面|扣着|扣押|扣留|卡着|压着)|(冻结|风控|止付|凍結|限制收款|限制支付)"
    r"|关闭(了)?(收款|提现|支付|转账)|(收款|提现|支付|转账)(功能|权限)(被)?(关闭|关了|限制|暂停|取消)",
    "stuck": r"(提不出|取不出|转不出|提现不了|无法提现|不能提现|不让提现|动不了|出不来|不能消费|无法转出|取不了"
    r"|提不了|转不了|拿不出来|不能转出|不能支付|不让转出|提现失败|提现一直|出不了金|无法出金)"
    r"|提现[^，,。]{0,8}(维护|失败|异常|冻结|到不了)|通道维护|出金(失败|审核)",
    "money": rf"{_MONEY_AMOUNT}|{_MONEY_SUBJ}",
    # --- vetoes
    "subscription": r"自动续费|自动扣费|自动续|续费|连续包|会员|订阅|套餐|业务|流量包|彩铃|每个月|每月|按月|年费",
    "fee": r"手续费|利息|管理费|服务费|违约金|滞纳金|月费|话费|运费|押金|年费|会员|续费|订阅|套餐",
    "expired": r"过期|到期|积分|优惠券|红包|储值|充值卡|系统升级",
    "collector": r"催收",
    "feel": r"(感觉|觉得|好像|简直|像是|等于|有种)(是|自己|我)?(被)?(骗|坑|上当)",
    "fear": r"(担心|害怕|怕|会不会|以免|谨防|防止|预防|万一|避免|小心|提醒大家)[^，,。！!？?]{0,6}(被|遭|遇到)"
    r"(人)?(盗|骗|诈骗|盗刷|冒充)",
    "resolved": r"(已经|已|都|终于|现在)(全部|全额|都)?(被)?(解冻|追回|退回|退还|找回|恢复|解决|处理完|处理好|补办好|结案|解封)"
    r"|解冻了(?<![不没未]解冻了)|钱(也|都)?(已经)?(追|要|拿|退)回来了|(已经|已)报(警|案).{0,8}(处理完|追回|解决)"
    r"|(全额|已经|已)(赔|赔付|赔偿)(了|给我)|追回来(了|退给)|钱(也)?都(还)?在(?=\s|[，,。！!]|$)|一分(钱)?(都|也)?没少"
    r"|虚惊一场|案子(也)?结了|(第二天|当天|很快|马上)就恢复"
    r"|早就(赔|退|追回|解决|处理|解冻)",
    "not_engaged": r"(没|没有|并没有|根本没|不)(点|理|上当|回复|点开|点击|搭理)|(没|没有|并没有)(给|告诉|报|念|转)(他|她|对方|他们|过去)"
    r"|我(没|没有|并没有)(给|告诉|报|念|转|填)|识破|直接删|挂(了|掉)电话|拉黑了(他|她|对方)"
    r"|直接挂了|挂断了|没加(他|她|对方)?|核实[^，,。]{0,8}是假的|什么(信息)?都没(给|说)|一听就是骗子",
    "freeze_request": r"(怎么|如何|怎样|帮我|赶紧|马上|申请|想|要求|能不能|可以|请)(紧急)?(冻结|止付|挂失)",
    "no_money": r"没(有)?(钱|余额)|里面(没|是空)|余额(为|是)?(0|零)(?!\d)",
    "goods": r"退货|质量|和(图片|描述|宣传)[^，,。]{0,4}(不一样|不符|不同)|假货|货不对板|虚假宣传|以次充好",
    "reported_lost": r"(已经|已|都)(挂失|补办|冻结|注销)",
    "hypothetical": r"如果|万一|假如|只是问问|预防|防范|以防",
    "past": r"上个月|去年|前年|几年前|年前|上周|之前",
    "minor": "|".join(
        f"{w}(?<!没{w})(?!(也|都|根本)?(没|没有|不会|不可能)(碰|动|用|玩|拿|有))"
        for w in ("孩子", "儿子", "女儿", "小孩", "未成年", "娃", "孙子", "孙女")
    ),
    "identity": r"身份证?|征信",
    "ban": r"封号|被封|封禁|解封|申诉|开挂|外挂|违规",
    "howto": r"(申请|办理|索赔|赔偿)(的)?(流程|手续|步骤)|帮(朋友|别人)问"
    r"|怎么(开|设置|开启|打开|加)[^，,。]{0,6}(保护|验证|安全|锁)|安全设置",
    # A fraud told as a past event (两年前…被盗刷过, 去年被冒充客服骗了) is a complaint about
    # its aftermath; a today/yesterday/just/now/again between them keeps the emergency.
    "long_ago": r"(去年|前年|几年前|[一两二三四五六七八九十\d]+年前|20\d\d年)[^，,。！!？?今昨刚现又]{0,10}(被|遭|让人|给人)",
    "legit_fee": r"入驻|开店|加盟|招商",
    "stolen_goods": r"赃物|被盗的?(手机|车|电动车|自行车|商品|货|东西)|是被盗",
    "forgot": r"忘了|忘记|记不清|不记得",
}


# English components -------------------------------------------------------------------
def _each(leads: str, rest: str) -> str:
    """``lead1 rest|lead2 rest|…``: one alternative per lead word.

    English components are split into their top-level alternatives (see :func:`_parts`),
    and an alternative that starts with a literal word lets the regex engine jump straight
    to that word; ``(a|b|c) rest`` would instead try every position of a long narrative.
    """
    return "|".join(f"{lead}{rest}" for lead in leads.split("|"))


_EN_ACTORS = "someone|somebody|some one|hacker|scammer|fraudster|thief|thieves|stranger|the caller"
_EN_ACTOR_VERBS = (
    r"[^.!?]{0,25}\b(logged|logging|signed|broke|broken|accessed|hacked|took over|changed|reset"
    r"|got (in|into|access)|getting (in|into|access)|(is|was|got|has been|are) in my)\b"
)
_EN_NOT_DONE = (
    r" (make|made|authori[sz]ed?|recogni[sz]ed?|do|order(ed)?|buy|bought|approved?|place[d]?"
    r"|request(ed)?|me|add(ed)?|set up|create[d]?|appl(y|ied)|sign(ed)? up|open(ed)?)\b"
)
EN = {
    # --- money leaving now
    "move": r"(charg(e|ed|es|ing)|withdr[ae]w\w*|transferr?\w*|spent|spending|took|taken|taking|debited|debits?"
    r"|purchas(e|es|ed|ing)|bought|buy|buying|sent|sending|drain\w*|paid|payments?|transactions?|cashed out|wired"
    r"|mov(e|ed|ing) (my )?(money|funds)|orders?|ordered|used my (card|account|credit|debit))\b",
    "lost_device": _each(
        "wallet|phone|card|purse|bag", r"s? (was |got |has been |were |have been )?(stolen|lost)"
    )
    + r"|(lost|stole) my (wallet|phone|cards?|purse|debit card|credit card)",
    "not_me": r"unauthori[sz]ed(?! (credit|inquir\w*|hard|pull|accounts?|report\w*))|not authori[sz]ed"
    r"|without (my )?(permission|authori[sz]ation|consent|knowledge)|"
    + _each(r"did ?n[o']?t|didnt|never|wasn'?t", _EN_NOT_DONE)
    + r"|(don'?t|do not|dont) recogni[sz]e|not mine|wasn'?t me|not me\b|i'?m at home|i am at home"
    r"|(unknown|unrecogni[sz]ed|mystery) (transfer|charge|transaction|withdrawal|payment|debit|purchase)s?"
    r"|while i (was )?(asleep|sleeping|slept)|i was asleep"
    r"|card (is )?(sitting )?(right )?(here|on my desk|next to me)|never left my (wallet|hand|sight|purse|pocket)"
    r"|(another|a different|a foreign) (country|state|city)|never been to|i live in|"
    + _each(
        "card|phone|wallet", r" (is |was )?(still )?(in my (hand|wallet|pocket|purse)|with me)"
    ),
    "now": r"right now|just now|over and over|again and again|being (charged|debited|used|drained)"
    r"|as i('?m| am)? (writ|typ)(e|ing)( this)?|while i'?m (writ|typ)ing|still on the phone"
    r"|(showing up|coming in|popping up|appearing) as (i|we) (speak|type|write)"
    r"|(charged|debited|used|hit) (\d+|several|multiple) times"
    r"|in the (last|past) (\d+|two|three|couple of|few) (minutes|hours)"
    r"|(was|were|got|has been|have been) just (charged|debited|withdrawn|taken|transferred|used|drained|emptied)"
    r"|\b(a few|\d+|ten|five|twenty|thirty) (minutes?|mins?) ago|(an|half an) hour ago"
    r"|still (going through|coming out|happening)|in (an|one|the last|the past) hour|as we speak|at this moment"
    r"|keeps? (charging|taking|withdrawing|draining|debiting|buying|spending|purchasing|ordering|using)"
    r"|keeps? getting (charged|debited|hit|used)|(charges|transactions|purchases) (so far )?(today|tonight|this morning|in an hour)"
    r"|still (being charged|charging|taking|withdrawing|draining|debiting)|one after another"
    r"|every (few )?(minutes?|hour)|each (minute|hour)|in the (last|past) (few )?(minutes|hour)|"
    + _each(
        "is|are",
        r" (now |still )?(sending|transferring|withdrawing|draining|spending|using|buying|charging|taking)"
        r" (my|money|funds|\$|\d|it|all|more|everything)",
    )
    + r"|keep (getting|receiving) (alerts|texts|notifications|emails)|keeps? (going|coming) out|"
    + _each("alert|text|notification|charge|transaction", r"s? keep (coming|happening|going)"),
    "actor_use": _each(
        "someone|somebody|a stranger|a thief|they",
        r"('s| has| is)? (else )?(already |just |also |then )?(is |has been |have been |been )?(us(ed|ing)"
        r"|t(ook|aking)|charg(ed|ing)|withdr[ae]w\w*|spen(t|ding)|mak(e|ing)|made|buy(ing)?|bought|open(ed|ing)"
        r"|drain\w*|mov(ed|ing)|wir(ed|ing)|sen(t|ding)|transferr(ed|ing)) (my|money|funds|\$|\d|purchases|charges|transactions|withdrawals"
        r"|a (credit|loan|card|new)|accounts?|out|it all)",
    ),
    "theft": r"(card|account) is being used|(card|account) keeps being used|being used (at|in|by|for) (a |an |some|stores|another)"
    r"|fraudulent(ly)? (charg|transact|withdraw|transfer|purchas|debit|use|activity on my|payment)\w*"
    r"|stolen (card|money|funds)|stole my (card|money|wallet|phone)|"
    + _each(
        "card|number",
        r"('s been|'s| was| got| has been| is| were| have been)? (skimmed|cloned|stolen|copied)",
    )
    + r"|unauthori[sz]ed (charg|transact|withdraw|transfer|purchas|debit|payment|access|login|log ?in)\w*"
    r"|dao ?shua\b|bei ?dao\b",
    "loss": _each(
        r"money|funds|savings|balance|paycheck|\$|£|€",
        r"( ?\d[\d,.]*k?)?(?!\w).{0,30}\b(gone|drained|disappeared|went down|missing|emptied|vanished)",
    )
    + "|"
    + _each(
        "checking|savings|account|balance|wallet",
        r"\b.{0,15}\b(is|was|went|dropped)( down)? (to |at )?(\$ ?0\b|0\b|zero|nothing)",
    )
    + r"|account (is |was |got )?(empty|emptied|drained|cleaned out|wiped)",
    "identity": r"identity theft|in my name|my identity|my (ssn|social security)",
    # --- account takeover
    "takeover": r"hacked\b|hijacked\b|compromised|taken over|broken into|changed (the|my) (email|e-mail|password|phone|number|recovery|2fa|pin)|"
    + _each(_EN_ACTORS, _EN_ACTOR_VERBS)
    + "|"
    + _each(
        "recovery phone|recovery email|recovery number|password|email|e-mail|phone number|2fa|pin",
        r" (was|has been|got|were|have been) (changed|reset)",
    )
    + r"|locked me out|i'?m locked out|locked out of|sim[- ]?swap|ported (out )?my (number|phone)|new device"
    r"|number (was |got |has been )?(ported|swapped)|sim (was |got |has been )?(ported|swapped)"
    r"|number (was |got |has been )?(transferred|moved) to (a |an )?(new|another|different|someone)"
    r"|sign[- ]?in (from|on) (a |an )?(new|unknown|different|another|strange)"
    r"|log[- ]?in (from|on) (a |an )?(new|unknown|different|another|strange)",
    "stolen_word": r"stolen",
    "acct_word": r"account|steam|instagram|facebook|tiktok|apple id|icloud|gmail|email|paypal|whatsapp",
    # --- fraud in progress
    "scam": _each("got|been|being|was|were|am|i'?m|just", r" scammed\b")
    + r"|scammers?\b|fraudsters?\b|bei ?pian\b|zha ?pian\b",
    "impersonation": r"impersonat\w*|pretend(ed|ing)? to be|claim(ed|ing)? to be|posing as|posed as|spoof\w*|"
    + _each(
        "rep|agent|representative|support|officer|caller|guy",
        r"\W{0,3} (i talked to |i spoke to |on the phone )?(was|is) (a )?fake",
    )
    + r"|said (they|he|she) (were|was|are|is) from"
    r"|fake (bank|support|customer service|agent|officer|police|irs|amazon|apple|paypal)",
    "code_request": _each(
        "asked|asking|asks|wanted|wants|told|telling",
        r" (me )?(for|to (read|give|share|send|tell|say|enter|type)).{0,25} (codes?|otp|pin|passwords?|passcode)\b",
    )
    + "|"
    + _each(
        "gave|give|read|told|sent|send|shared|share|provided",
        r"\b.{0,25} ((verification|security|one[- ]?time|otp|2fa|sms|login|\d[- ]digit) (code|pin|passcode)|codes?|otp)\b",
    )
    + "|"
    + _each(
        "gave|told|sent|read|shared|provided|typed|entered",
        r" (him|her|them|the caller|the scammer|the guy|this person|that person)\b.{0,20}"
        r"(login|password|credentials|card (number|details|info)|account (number|details)|pin|ssn|social security)",
    ),
    "screen_share": r"screen ?shar(e|ing)|share (my|the) screen|remote (access|control|desktop|app|software)|anydesk|teamviewer|team viewer"
    r"|(logged|remoted|got) (in)?to (my|his|her|their|\w+'s) (pc|computer|laptop|desktop)"
    r"|(control of|access to) (my|his|her|their|\w+'s) (pc|computer|laptop)",
    "link": _each(
        "clicked|opened|tapped|followed|went to", r" (on )?(a|the|that|this)? ?(link|website|site)"
    ),
    "give_info": _each(
        "entered|typed|gave|put in|filled in|provided",
        r" (in )?(my |all my )?(card|password|login|details|info|pin|code|bank|ssn|social)",
    ),
    "instructed": r"me to (download|install|transfer|wire|withdraw|move (my|the) money|buy (gift|bitcoin|crypto)"
    r"|send (him|her|them|money|\$|bitcoin|crypto|it))",
    "safe_account": r"safe account|secure account|move (my|the|all)( of my)? (money|funds|savings) (to|into)|bitcoin atm|crypto atm|"
    + _each("pay|paid|buy|bought|purchas|send|sent|read", r"\w*\b.{0,25}\bgift ?cards?")
    + r"|gift ?cards? .{0,15}(numbers|codes|pins)",
    "upfront_fee": _each(
        "pay|send|deposit",
        r" .{0,20}(fee|tax|deposit) (to|before|so|in order to) .{0,20}(withdraw|release|unlock|get (my|the) (money|loan|funds))",
    ),
    # --- funds frozen
    "frozen": r"froze|freez|on hold|a hold|holds? on|held|holding|limited|restricted|suspended|locked"
    r"|is stuck in|are stuck in|stuck in (my|the|it)|"
    + _each(
        "can'?t|cannot|can not|unable to|won'?t let me|will not let me|not allowed to|doesn'?t let me",
        r" (withdraw|transfer|access|move|cash out|get (to )?my)",
    ),
    "money": r"[$£€¥]|\d[\d,.]*(?![\d,.]|\s*(days?|hours?|minutes?|years?|months?|weeks?|times?|am|pm|th|st|nd|rd)\b)"
    r"|dollars|funds|money|balance|savings|paycheck|rent|payout|earnings",
    # --- vetoes
    "resolved": r"refunded|reversed|credited (back|my|it)|got (my|the|it) (money )?back|issued (me )?(a )?new card|"
    + _each(
        "has|have|was|were|got",
        r" (been )?(resolved|fixed|unfrozen|unlocked|restored|released|lifted)",
    )
    + r"|already (resolved|fixed|refunded|unfrozen|unlocked)|unfrozen\b"
    r"|hold (was |has been )?(lifted|released|removed)|freeze (was |has been )?(lifted|released|removed)",
    "not_engaged": _each(
        r"did ?n[o']?t|didnt|never", r" (click|reply|respond|answer|give|share|tell|send|fall)"
    )
    + r"|hung up|ignored (it|them)|just reporting|blocked (the|them|him|her|that)",
    "subscription": r"subscription|subscribed|renew\w*|membership|monthly|every month|annual fee",
    "no_money": r"no money|nothing in (it|there)|no balance|(balance|account) (is|was) empty|no funds",
    "routine_hold": r"deposit (is |was )?(on hold|held)|hold on (my |the |a )?(check|deposit)"
    r"|(normal|standard|usual) (bank )?(policy|procedure|practice)|check deposit|deposited (a )?check|mobile deposit|it'?s normal|is normal|pending deposit",
    "hypothetical": r"what (should|do|would) i do if|if (my|i|someone)|just asking|in case|nothing (has )?happened"
    r"|how (do|can|would|should) i (prevent|protect|avoid|know if|tell if|turn on|enable|set up|activate)",
    "past": r"last (year|month|week)|years? ago|months? ago",
    "long_ago": r"years? ago|last year|back in (19|20)\d\d|back then",
    "repeat_demand": r"(now|then|again) (they|he|she|the buyer|the seller|the caller|the scammer) wants? (another|more|an extra)"
    r"|keeps? (texting|calling|messaging|pushing|asking) me to (hurry|send|pay|transfer)",
    "duplicate": r"duplicate|same (order|purchase|item|transaction|thing)|double[- ]charged|charged twice"
    r"|recogni[sz]e the first",
    "minor_now": r"\b(son|daughter|kid|child|grandson|granddaughter|\d+ ?(yo|year old))\b.{0,40}"
    r"\b(just |is |has been |keeps |still )?(spent|spending|buying|bought|charging|charged|topping up|in-app)",
}


# Gates -----------------------------------------------------------------------------------
# Every complaint goes through ~60 component regexes; on a 800-character English narrative
# most of them cost tens of microseconds each. A component's *gate* is a set of literal
# strings of which every match must contain at least one, derived from the regex itself
# (so it cannot drift from the pattern, see :mod:`tousu.text.regex_gate`): when none occurs
# in the text, the regex is not run. One Aho-Corasick pass per text finds the literals.


def _parts(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``a|(b|c)d`` -> ``a``, ``(b|c)d``)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class _Part:
    regex: re.Pattern[str]
    #: Literals of which every match contains one (None: always run the regex).
    gate: frozenset[str] | None

    @classmethod
    def of(cls, regex: re.Pattern[str]) -> _Part:
        return cls(regex, gate_literals(regex))


@dataclass(frozen=True)
class _Component:
    """One component: a gate for the whole, then parts (groups of its alternatives).

    A long narrative is scanned once per regex, and a big alternation whose branches
    start with different letters is tried at nearly every position; smaller parts jump
    to their first letters and are mostly skipped by their gates. The component's own
    gate (the union of its parts' gates) skips all of them at once.
    """

    whole: _Part
    parts: tuple[_Part, ...]
    #: English components only match at the start of a word. The check is done here rather
    #: than with a leading ``\b`` in the pattern, which would stop the regex engine from
    #: skipping ahead to the pattern's first letters (about 20x slower on long narratives).
    word_start: bool = False

    @classmethod
    def compile(cls, pattern: str, chunk: int, word_start: bool = False) -> _Component:
        alternatives = _parts(pattern)
        pieces = ["|".join(alternatives[i : i + chunk]) for i in range(0, len(alternatives), chunk)]
        whole = _Part.of(re.compile(pattern))
        parts = tuple(_Part.of(re.compile(p)) for p in pieces) if len(pieces) > 1 else (whole,)
        return cls(whole, parts, word_start)

    def literals(self) -> set[str]:
        """Every gate literal of the component (what :class:`LiteralScan` must look for)."""
        return {lit for part in (self.whole, *self.parts) if part.gate for lit in part.gate}

    def spans(self, text: str, found: AbstractSet[str]) -> list[tuple[int, int]]:
        """Matches in ``text``; ``found`` holds the gate literals present in it."""
        # Called ~60 times per complaint: the gate tests are inlined.
        gate = self.whole.gate
        if gate is not None and gate.isdisjoint(found):
            return []
        matches: list[tuple[int, int]] = []
        several = len(self.parts) > 1
        for part in self.parts:
            if several and part.gate is not None and part.gate.isdisjoint(found):
                continue
            for m in part.regex.finditer(text):
                start, end = m.span()
                if end > start and not (self.word_start and start and text[start - 1].isalnum()):
                    matches.append((start, end))
        if several:
            matches.sort()
        return matches


#: Alternatives per part: one each for long English narratives, a few for short Chinese.
CHUNK_ZH = 6
CHUNK_EN = 1


def _components(lexicon: dict[str, str], english: bool = False) -> dict[str, _Component]:
    chunk = CHUNK_EN if english else CHUNK_ZH
    return {name: _Component.compile(p, chunk, word_start=english) for name, p in lexicon.items()}


_ZH = _components(ZH)
_EN = _components(EN, english=True)
_ZH_LITERALS = LiteralScan(lit for comp in _ZH.values() for lit in comp.literals())
_EN_LITERALS = LiteralScan(lit for comp in _EN.values() for lit in comp.literals())


@dataclass(frozen=True)
class Rule:
    """One way to recognise an emergency: components that must co-occur."""

    family: str
    components: tuple[str, ...]
    #: Components that cancel the rule when they occur within :data:`WINDOW` of its evidence:
    #: a subscription being charged, a debt collector impersonating a court, a fear of
    #: being scammed, a fraud already resolved are complaints, not emergencies.
    unless: tuple[str, ...] = ()


#: Families: (name_zh, name_en) for the reasons shown to staff.
FAMILIES = {
    "money_leaving": ("资金正在被盗/被转走", "money being stolen or leaving the account now"),
    "account_takeover": ("账号被盗/被他人控制", "account taken over"),
    "fraud_in_progress": ("诈骗进行中/冒充客服", "fraud in progress or impersonated staff"),
    "funds_frozen": ("资金被冻结/无法提现", "funds frozen or withdrawal blocked"),
}

_SCAM_VETO = ("collector", "fear", "resolved", "not_engaged")
RULES_ZH = (
    # money leaving now (a minor spending *right now* counts; past spending is a refund case)
    Rule(
        "money_leaving",
        ("theft",),
        unless=("fear", "resolved", "stolen_goods", "howto", "long_ago"),
    ),
    Rule("money_leaving", ("misuse",), unless=("identity",)),
    Rule(
        "money_leaving",
        ("move", "not_me"),
        unless=("subscription", "collector", "minor", "resolved"),
    ),
    Rule("money_leaving", ("now",), unless=("subscription", "resolved")),
    Rule(
        "money_leaving",
        ("passive_move",),
        unless=("fee", "resolved", "collector", "expired", "long_ago"),
    ),
    Rule("money_leaving", ("odd_place_time", "move"), unless=("subscription", "minor", "resolved")),
    Rule("money_leaving", ("loss",), unless=("subscription", "resolved", "expired")),
    Rule("money_leaving", ("credit_opened",), unless=("resolved",)),
    Rule(
        "money_leaving",
        ("lost_device",),
        unless=("resolved", "reported_lost", "hypothetical", "past", "stolen_goods"),
    ),
    Rule("money_leaving", ("code_recv", "then_move")),
    Rule(
        "money_leaving", ("alert", "move"), unless=("subscription", "fee", "resolved", "self_done")
    ),
    Rule("money_leaving", ("minor_now",), unless=("resolved", "past")),
    # account takeover and SIM swap
    Rule("account_takeover", ("takeover",), unless=("fear", "resolved", "howto")),
    Rule("account_takeover", ("sim_swap",), unless=("resolved",)),
    Rule("account_takeover", ("login_odd",), unless=("ban", "resolved")),
    Rule("account_takeover", ("acct_change", "not_me"), unless=("ban", "resolved")),
    Rule("account_takeover", ("locked_out", "pw_changed"), unless=("forgot",)),
    Rule("account_takeover", ("code_recv", "locked_out")),
    # fraud in progress: scams, impersonation, codes, screen sharing, transfers, fees
    Rule(
        "fraud_in_progress",
        ("scam",),
        unless=(*_SCAM_VETO, "feel", "goods", "awareness", "long_ago"),
    ),
    Rule("fraud_in_progress", ("impersonation",), unless=(*_SCAM_VETO, "long_ago")),
    Rule(
        "fraud_in_progress",
        ("police_scam",),
        unless=("collector", "fear", "resolved", "not_engaged", "long_ago"),
    ),
    Rule("fraud_in_progress", ("code_request",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("screen_share",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("safe_account",), unless=("not_engaged", "resolved")),
    Rule("fraud_in_progress", ("upfront_fee",), unless=("not_engaged", "legit_fee")),
    Rule("fraud_in_progress", ("repeat_demand",)),
    Rule("fraud_in_progress", ("instructed",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("link", "move"), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("link", "give_info"), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("vanished", "paid"), unless=("resolved",)),
    Rule("fraud_in_progress", ("invest_scam", "money"), unless=("resolved",)),
    Rule("fraud_in_progress", ("task_scam", "task_pay"), unless=("resolved",)),
    Rule("fraud_in_progress", ("minor_scam",)),
    # loan-app extortion (loan never received / usurious, repayment demanded under threat)
    # and sextortion; ordinary harsh debt collection is a complaint, not an emergency
    Rule("fraud_in_progress", ("loan_trap", "extort")),
    Rule("fraud_in_progress", ("sextortion", "extort")),
    # funds frozen, with money in the account
    Rule(
        "funds_frozen",
        ("frozen", "money"),
        unless=("resolved", "collector", "freeze_request", "no_money"),
    ),
    Rule("funds_frozen", ("stuck", "money"), unless=("resolved",)),
)
RULES_EN = (
    Rule("money_leaving", ("theft",), unless=("resolved", "long_ago")),
    Rule("money_leaving", ("not_me", "move"), unless=("resolved", "subscription")),
    Rule("money_leaving", ("now", "move"), unless=("resolved", "subscription", "duplicate")),
    Rule("money_leaving", ("loss",), unless=("resolved",)),
    Rule("money_leaving", ("actor_use",), unless=("resolved", "hypothetical", "past")),
    Rule("money_leaving", ("identity", "now")),
    Rule("money_leaving", ("lost_device",), unless=("resolved", "hypothetical", "past")),
    Rule("account_takeover", ("takeover",), unless=("resolved", "hypothetical")),
    Rule(
        "account_takeover",
        ("stolen_word", "acct_word"),
        unless=("resolved", "hypothetical", "past"),
    ),
    Rule("fraud_in_progress", ("scam",), unless=("resolved", "not_engaged", "long_ago")),
    Rule("fraud_in_progress", ("impersonation",), unless=("resolved", "not_engaged", "long_ago")),
    Rule("fraud_in_progress", ("code_request",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("screen_share",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("safe_account",), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("upfront_fee",)),
    Rule("fraud_in_progress", ("link", "give_info"), unless=("not_engaged",)),
    Rule("fraud_in_progress", ("instructed",), unless=("not_engaged", "resolved")),
    Rule("fraud_in_progress", ("repeat_demand",), unless=("not_engaged", "resolved")),
    Rule("money_leaving", ("minor_now", "now"), unless=("resolved", "past")),
    Rule(
        "funds_frozen",
        ("frozen", "money"),
        unless=("resolved", "routine_hold", "hypothetical", "no_money"),
    ),
)


def _pairs(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Every pair of spans (one from each list) within :data:`WINDOW`, merged."""
    for s1, e1 in a:
        for s2, e2 in b:
            if max(s1, s2) - min(e1, e2) <= WINDOW:
                yield min(s1, s2), max(e1, e2)


def _near(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first pair of spans (one from each list) within :data:`WINDOW`, merged."""
    return next(_pairs(a, b), None)


def _apply(
    text: str,
    rules: tuple[Rule, ...],
    lexicon: dict[str, _Component],
    found: AbstractSet[str],
) -> list[tuple[str, str]]:
    """``(family, evidence)`` for each family with at least one firing rule.

    A rule fires on its first piece of evidence that no ``unless`` component vetoes, so a
    vetoed mention ("去年被骗过，已追回") does not hide a later, live one. ``found`` holds
    the lexicon's gate literals present in ``text`` (:meth:`LiteralScan.present`).
    """
    cache: dict[str, list[tuple[int, int]]] = {}

    def spans(name: str) -> list[tuple[int, int]]:
        hit = cache.get(name)
        if hit is None:
            hit = cache[name] = lexicon[name].spans(text, found)
        return hit

    fired: dict[str, str] = {}
    for rule in rules:
        if rule.family in fired:
            continue
        name = rule.components[0]
        first = cache.get(name)
        if first is None:
            first = cache[name] = lexicon[name].spans(text, found)
        if not first:
            continue
        if len(rule.components) == 1:
            candidates: Iterator[tuple[int, int]] | list[tuple[int, int]] = first
        else:
            second = spans(rule.components[1])
            if not second:
                continue
            candidates = _pairs(first, second)
        for start, end in candidates:
            if not any(_near([(start, end)], spans(u)) for u in rule.unless):
                fired[rule.family] = text[start:end]
                break
    return list(fired.items())


@dataclass(frozen=True)
class _Scan:
    """One text as each lexicon sees it, with the gate literals found in it (computed once)."""

    zh: tuple[str, set[str]] | None
    en: tuple[str, set[str]] | None

    @classmethod
    def of(cls, text: str) -> _Scan:
        zh = (text, _ZH_LITERALS.present(text)) if _HAN.search(text) else None
        en = None
        if _LATIN.search(text):
            # Typographic apostrophes (don’t) as ASCII ones; same length, so spans still match.
            en_text = text.replace("’", "'")
            en = (en_text, _EN_LITERALS.present(en_text))
        return cls(zh, en)


def lexicon_signals(text: str) -> list[str]:
    """Reasons from the component lexicon for normalised ``text`` (one per family)."""
    return _lexicon(_Scan.of(text))


def _lexicon(scan: _Scan) -> list[str]:
    found: dict[str, str] = {}
    if scan.zh is not None:
        found.update(_apply(scan.zh[0], RULES_ZH, _ZH, scan.zh[1]))
    if scan.en is not None:
        for family, evidence in _apply(scan.en[0], RULES_EN, _EN, scan.en[1]):
            found.setdefault(family, evidence)
    return [
        f"{FAMILIES[family][0]} / {FAMILIES[family][1]}: “{evidence}”"
        for family, evidence in found.items()
    ]


_split: dict[int, tuple[EmergencySignal, tuple[_Part, ...], tuple[_Part, ...]]] = {}


def _signal_patterns(signal: EmergencySignal, has_han: bool) -> tuple[_Part, ...]:
    """The signal's patterns worth trying, with their gates (see :func:`gate_literals`).

    Chinese-only patterns are only tried on texts with Chinese.
    """
    hit = _split.get(id(signal))
    if hit is None or hit[0] is not signal:
        gated = tuple(_Part.of(r) for r in signal.compiled)
        other = tuple(g for g in gated if not is_chinese_pattern(g.regex.pattern))
        hit = (signal, gated, other)
        _split[id(signal)] = hit
    return hit[1] if has_han else hit[2]


#: Vetoes that also apply to the catalog's patterns (which have no ``unless`` of their own):
#: a fraud already resolved, a scam not engaged with, a fear of being scammed, a debt
#: collector, a question about a procedure, a legitimate merchant deposit.
CATALOG_VETOES_ZH = ("resolved", "not_engaged", "fear", "collector", "howto", "legit_fee")
CATALOG_VETOES_EN = ("resolved", "not_engaged")


def _vetoed(scan: _Scan, span: tuple[int, int], cache: dict[str, list[tuple[int, int]]]) -> bool:
    """True when a catalog match at ``span`` sits near a resolution/non-engagement cue."""
    if not cache:
        if scan.zh is not None:
            for name in CATALOG_VETOES_ZH:
                cache[name] = _ZH[name].spans(*scan.zh)
        if scan.en is not None:
            for name in CATALOG_VETOES_EN:
                cache["en_" + name] = _EN[name].spans(*scan.en)
        cache.setdefault("", [])
    return any(_near([span], spans) for spans in cache.values() if spans)


def explicit_signals(text: str, catalog: Catalog) -> list[str]:
    """Human-readable reasons for every emergency signal that matches ``text``.

    The component lexicon first, then the catalog's ``emergency_signals`` (admin-editable
    extra patterns) for families the lexicon did not already report; a catalog match next
    to a resolution or non-engagement cue (已追回/没点链接/"refunded"/"didn't click") does not
    count. ``text`` must be normalised (see :func:`tousu.text.normalize.normalize`).
    """
    scan = _Scan.of(text)
    reasons = _lexicon(scan)
    seen = {r.split(" / ", 1)[0] for r in reasons}
    vetoes: dict[str, list[tuple[int, int]]] = {}
    has = text.__contains__
    for signal in catalog.emergency_signals:
        if signal.name_zh in seen:
            continue
        found = None
        # The catalog is edited at run time, so its gates are tested one substring at a time.
        for part in _signal_patterns(signal, scan.zh is not None):
            if part.gate is not None and not any(map(has, part.gate)):
                continue
            for match in part.regex.finditer(text):
                if match.end() > match.start() and not _vetoed(scan, match.span(), vetoes):
                    found = match.group(0)
                    break
            if found is not None:
                break
        if found is not None:
            reasons.append(f"{signal.name_zh} / {signal.name_en}: “{found}”")
    return reasons


def model_signal(
    probabilities: np.ndarray,
    best: int,
    lookups: Any,
    threshold: float,
    min_confidence: float = 0.15,
) -> str | None:
    """A reason when the emergency scenarios together get at least ``threshold`` probability.

    ``best`` is the index of the top class; ``lookups`` carries ``codes``, ``scenarios``,
    ``emergency_mask`` (which columns are emergency scenarios) and ``other`` (the column of
    the catch-all). The threshold is low (recall first), so it only applies when the model
    recognises the text at all: with a top-1 probability under ``min_confidence`` or a top-1
    of ``other`` the distribution is near-uniform and its emergency mass means nothing.
    """
    if probabilities[best] < min_confidence or best == lookups.other:
        return None
    mask = lookups.emergency_mask
    mass = float(probabilities[mask].sum())
    if mass < threshold or not mask.any():
        return None
    masked = np.where(mask, probabilities, -1.0)
    scenario = lookups.scenarios[lookups.codes[int(masked.argmax())]]
    return (
        f"模型判断为紧急类场景 / model: emergency scenarios p={mass:.2f} "
        f"(最可能 {scenario.name_zh} / {scenario.name_en})"
    )
