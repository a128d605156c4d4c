<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Database: {db}</source>
        <translation>数据库：{db}</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>数据目录：{path}</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>日志文件：{path}</translation>
    </message>
    <message>
        <source>Qt {qt}, PySide6 {pyside}</source>
        <translation>Qt {qt}，PySide6 {pyside}</translation>
    </message>
    <message>
        <source>Font: WenQuanYi Micro Hei (Apache License 2.0).</source>
        <translation>字体：文泉驿微米黑（Apache License 2.0）。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>First administrator</source>
        <translation>首个管理员</translation>
    </message>
    <message>
        <source>The administrator adds the other staff accounts after the set-up.</source>
        <translation>设置完成后，由管理员添加其他工作人员的账户。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>2–32 letters, digits or _ . -</source>
        <translation>用户名为 2–32 位，可用字母、数字及 _ . - 符号</translation>
    </message>
    <message>
        <source>Please enter the administrator&apos;s name</source>
        <translation>请填写管理员姓名</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>Applications accepted</source>
        <translation>受理业务（件）</translation>
    </message>
    <message>
        <source>Fees collected (yuan)</source>
        <translation>收费合计（元）</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>待审核（件）</translation>
    </message>
    <message>
        <source>Returned for correction</source>
        <translation>退回补正（件）</translation>
    </message>
    <message>
        <source>Mediation cases registered</source>
        <translation>登记矛盾调解（件）</translation>
    </message>
    <message>
        <source>Consultations</source>
        <translation>接待咨询（次）</translation>
    </message>
    <message>
        <source>Today&apos;s intake by kind</source>
        <translation>当日受理分类</translation>
    </message>
    <message>
        <source>Applications in the last 30 days</source>
        <translation>近30天受理业务量</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Fees (yuan)</source>
        <translation>收费（元）</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>办理状态</translation>
    </message>
    <message>
        <source>Fee-bearing business</source>
        <translation>收费业务</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>咨询事项</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>By business type</source>
        <translation>按业务类型</translation>
    </message>
    <message>
        <source>By desk</source>
        <translation>按受理人</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>按办理状态</translation>
    </message>
    <message>
        <source>Till close-out</source>
        <translation>收费核对</translation>
    </message>
    <message>
        <source>Consultations by topic</source>
        <translation>咨询登记</translation>
    </message>
    <message>
        <source>{day}: only your own records (read-only).</source>
        <translation>{day}：仅显示您本人受理的记录（只读）。</translation>
    </message>
    <message>
        <source>{day}: the whole station, {station}.</source>
        <translation>{day}：{station}全站。</translation>
    </message>
    <message numerus="yes">
        <source>Fees collected (yuan), %n fee-bearing record(s)</source>
        <translation>
            <numerusform>收费合计（元），收费业务 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voided record(s) left out ({amount} yuan): listed in red.</source>
        <translation>
            <numerusform>作废 %n 件不计入（涉及 {amount} 元），以红色列出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the total against the cash and the receipts.</source>
        <translation>请将合计与当日现金、票据核对。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Voided: {number}</source>
        <translation>作废：{number}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>作废原因：{reason}</translation>
    </message>
</context>
<context>
    <name>BusinessPicker</name>
    <message>
        <source>Name or pinyin initials, e.g. wfz</source>
        <translation>业务名称或拼音首字母，例如 wfz</translation>
    </message>
    <message>
        <source>Type Chinese, pinyin initials or the code; ↓/↑ choose, Enter picks, Esc closes the list.</source>
        <translation>可输入汉字、拼音首字母或业务代码；↓/↑ 选择，回车确定，Esc 关闭列表。</translation>
    </message>
    <message>
        <source>No business matches; try the pinyin initials, e.g. wfz</source>
        <translation>没有匹配的业务，可试试拼音首字母，例如 wfz</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <source>New case (F2)</source>
        <translation>新建案件（F2）</translation>
    </message>
    <message>
        <source>Discard changes (Esc)</source>
        <translation>放弃修改（Esc）</translation>
    </message>
    <message>
        <source>Save register (Ctrl+S)</source>
        <translation>保存登记（Ctrl+S）</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>案件登记</translation>
    </message>
    <message>
        <source>Regime</source>
        <translation>调解类别</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>纠纷类型</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>e.g. Building 3, Huajing Garden, Luxia Road</source>
        <translation>例如 录霞路华景花园3栋</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>What happened, between whom, what was done so far</source>
        <translation>纠纷经过、涉及哪些人、已做了哪些工作</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>纠纷事实</translation>
    </message>
    <message>
        <source>What the parties disagree about</source>
        <translation>双方争议的事项</translation>
    </message>
    <message>
        <source>Disputed points</source>
        <translation>争议事项</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>治安调解: ask about each kind the rules exclude. Does the case involve…</source>
        <translation>治安调解：请逐项询问以下不适用治安调解的情形。本案是否涉及……</translation>
    </message>
    <message>
        <source>Asked about each of them; none applies</source>
        <translation>已逐项询问，均不涉及</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 起</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier cases of these parties:</source>
        <translation>这些当事人以往的调解案件：</translation>
    </message>
    <message>
        <source>Save changes (Ctrl+S)</source>
        <translation>保存修改（Ctrl+S）</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Another desk changed this case: choose above how to go on.</source>
        <translation>其他电脑已修改此案件，请在上方选择如何处理。</translation>
    </message>
    <message>
        <source>Party %1: %2</source>
        <translation>当事人%1：%2</translation>
    </message>
    <message>
        <source>Cannot save yet: %1</source>
        <translation>暂不能保存：%1</translation>
    </message>
    <message>
        <source>Changes not saved yet.</source>
        <translation>修改尚未保存。</translation>
    </message>
    <message>
        <source>Registered %1 by %2.</source>
        <translation>%2 于 %1 登记。</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>可以保存。</translation>
    </message>
</context>
<context>
    <name>CaseProgress</name>
    <message>
        <source>Mediation sessions</source>
        <translation>调解过程</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解人员</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <source>Names, separated by 、 (officer, people&apos;s mediator …)</source>
        <translation>姓名，用“、”分隔（民警、人民调解员等）</translation>
    </message>
    <message>
        <source>Parties and others present</source>
        <translation>到场的当事人及其他人员</translation>
    </message>
    <message>
        <source>What each side said, what was proposed</source>
        <translation>各方陈述及调解意见</translation>
    </message>
    <message>
        <source>Add session</source>
        <translation>添加调解记录</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Agreed on</source>
        <translation>协议日期</translation>
    </message>
    <message>
        <source>1. … pays … by …
2. …</source>
        <translation>1. ……于……前支付……
2. ……</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Responsibility</source>
        <translation>各方责任</translation>
    </message>
    <message>
        <source>How and where it is performed</source>
        <translation>履行方式和地点</translation>
    </message>
    <message>
        <source>Performed how</source>
        <translation>履行方式、地点</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <source>Blank: the mediators of the last session</source>
        <translation>留空则为最近一次调解的调解人员</translation>
    </message>
    <message>
        <source>Signing mediators</source>
        <translation>签字调解员</translation>
    </message>
    <message>
        <source>e.g. the station&apos;s people&apos;s mediation room, the court</source>
        <translation>例如 驻所人民调解室、人民法院</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>移交单位</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Save outcome</source>
        <translation>保存调解结果</translation>
    </message>
    <message>
        <source>Print agreement (Ctrl+P)</source>
        <translation>打印调解协议书（Ctrl+P）</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应回访日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>回访时间</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>回访人</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>回访情况</translation>
    </message>
    <message>
        <source>Visit on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>Move / add visit</source>
        <translation>调整/新增回访</translation>
    </message>
    <message>
        <source>Blank: you</source>
        <translation>留空则为本人</translation>
    </message>
    <message>
        <source>Performed in full / in part / not yet</source>
        <translation>已全部履行 / 部分履行 / 尚未履行</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <source>Signs of escalation; blank: none (any text raises the risk)</source>
        <translation>激化迹象；留空表示没有（填写后风险等级升为高）</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>激化迹象</translation>
    </message>
    <message>
        <source>Record visit</source>
        <translation>登记回访</translation>
    </message>
    <message>
        <source>Case file (卷宗)</source>
        <translation>卷宗材料</translation>
    </message>
    <message>
        <source>Save checklist</source>
        <translation>保存卷宗清单</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已回访</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待回访</translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue</source>
        <translation>
            <numerusform>%n 次回访已逾期</numerusform>
        </translation>
    </message>
    <message>
        <source>Next visit due %1</source>
        <translation>下次回访：%1</translation>
    </message>
    <message>
        <source>司法确认: the parties may apply together until %1</source>
        <translation>司法确认：双方当事人可在 %1 前共同向人民法院申请</translation>
    </message>
    <message numerus="yes">
        <source> (%n day(s) left)</source>
        <translation>
            <numerusform>（还剩 %n 天）</numerusform>
        </translation>
    </message>
    <message>
        <source> (the window has passed)</source>
        <translation>（期限已过）</translation>
    </message>
    <message>
        <source>Closed %1.</source>
        <translation>已于 %1 结案。</translation>
    </message>
    <message>
        <source>Closed.</source>
        <translation>已结案。</translation>
    </message>
    <message>
        <source>Checklist changed: save it before closing.</source>
        <translation>卷宗清单已改动，请先保存再结案。</translation>
    </message>
    <message>
        <source>Still missing for closing: %1</source>
        <translation>结案还缺：%1</translation>
    </message>
    <message>
        <source>Record the outcome before closing.</source>
        <translation>请先登记调解结果再结案。</translation>
    </message>
    <message>
        <source>A follow-up visit is still to do.</source>
        <translation>还有回访未完成。</translation>
    </message>
    <message>
        <source>The file is complete: the case can be closed.</source>
        <translation>卷宗材料齐全，可以结案。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>原密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>{name}, you must set a new password before you continue.</source>
        <translation>{name}，请先设置新密码再继续使用。</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ConflictPanel</name>
    <message>
        <source>Discard my changes and load theirs</source>
        <translation>放弃我的修改，载入对方的版本</translation>
    </message>
    <message>
        <source>Save my changes over theirs</source>
        <translation>用我的修改覆盖对方的版本</translation>
    </message>
    <message>
        <source>Changed by them:</source>
        <translation>对方改动的内容：</translation>
    </message>
</context>
<context>
    <name>ConsultationPanel</name>
    <message>
        <source>Topic (keys 1–9)</source>
        <translation>咨询事项（按 1–9 选择）</translation>
    </message>
    <message>
        <source>Note (optional) — Enter logs the enquiry</source>
        <translation>备注（可不填），按回车登记</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Enquiry log</source>
        <translation>咨询登记</translation>
    </message>
    <message>
        <source>Logged: {channel} · {topic}</source>
        <translation>已登记：{channel} · {topic}</translation>
    </message>
    <message>
        <source>No enquiries logged today.</source>
        <translation>今日暂无咨询登记。</translation>
    </message>
    <message>
        <source>Enquiries today {total}: {topics}</source>
        <translation>今日咨询 {total}：{topics}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>{title} — unexpected error</source>
        <translation>{title} — 意外错误</translation>
    </message>
    <message>
        <source>The program ran into an unexpected error. What you were doing may not have been saved.
The details have been written to the log file:
{path}
Please give this file to the station administrator.</source>
        <translation>程序遇到意外错误，刚才的操作可能没有保存。
详细信息已写入日志文件：
{path}
请将该文件交给站点管理员。</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Where the data is kept</source>
        <translation>数据存放位置</translation>
    </message>
    <message>
        <source>One desk alone: keep the default. Several desks share the station server&apos;s database; a desk joining a database that is already set up skips the station and administrator pages.</source>
        <translation>只有一台电脑：保持默认即可。多台电脑共用站内服务器上的数据库；加入已设置好的数据库时，不再填写站点和管理员。</translation>
    </message>
    <message>
        <source>Looking into the database…</source>
        <translation>正在查看数据库…</translation>
    </message>
</context>
<context>
    <name>DbConnectionDialog</name>
    <message>
        <source>Database connection</source>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>The new connection is used after logging in again or restarting the program.</source>
        <translation>新的连接在重新登录或重新启动程序后使用。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>an unexpected error occurred; see the log file</source>
        <translation>发生意外错误，详见日志文件</translation>
    </message>
</context>
<context>
    <name>DbConnectionForm</name>
    <message>
        <source>Single desk — data file on this computer</source>
        <translation>单机 — 数据保存在本机</translation>
    </message>
    <message>
        <source>Station network — PostgreSQL on the station server</source>
        <translation>联网 — 使用站内服务器上的 PostgreSQL</translation>
    </message>
    <message>
        <source>Data file: {path}</source>
        <translation>数据文件：{path}</translation>
    </message>
    <message>
        <source>For one desk only. Several desks must share a PostgreSQL server instead.</source>
        <translation>仅适用于一台电脑。多台电脑共用数据时，必须使用 PostgreSQL 服务器。</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL 服务器</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Every desk of the station uses the same server, database and user name.</source>
        <translation>本站所有电脑填写相同的服务器、数据库和用户名。</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Leave empty to keep the saved password</source>
        <translation>留空则保留已保存的密码</translation>
    </message>
    <message>
        <source>Please enter the server address, e.g. 192.168.1.10</source>
        <translation>请填写服务器地址，例如 192.168.1.10</translation>
    </message>
    <message>
        <source>Please enter the database name</source>
        <translation>请填写数据库名</translation>
    </message>
    <message>
        <source>Please enter the database user name</source>
        <translation>请填写数据库用户名</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected. {state}</source>
        <translation>连接成功。{state}</translation>
    </message>
    <message>
        <source>The database is empty: finishing the wizard creates the station and the administrator.</source>
        <translation>数据库为空，完成向导时将创建站点和管理员账户。</translation>
    </message>
    <message>
        <source>The database is ready.</source>
        <translation>数据库已就绪。</translation>
    </message>
    <message>
        <source>The database is older than this program: an administrator must upgrade it first.</source>
        <translation>数据库版本低于本程序，需由管理员先升级数据库。</translation>
    </message>
    <message>
        <source>The database is newer than this program: please upgrade this program.</source>
        <translation>数据库版本高于本程序，请升级本机程序。</translation>
    </message>
    <message>
        <source>The server refused the user name or password.</source>
        <translation>服务器拒绝了该用户名或密码。</translation>
    </message>
    <message>
        <source>The server has no database with this name.</source>
        <translation>服务器上没有该名称的数据库。</translation>
    </message>
    <message>
        <source>The server refused the connection: check the address and port, and that PostgreSQL is running and accepts connections from this computer.</source>
        <translation>服务器拒绝连接：请检查地址和端口，并确认 PostgreSQL 已启动且允许本机连接。</translation>
    </message>
    <message>
        <source>No answer from the server in time: check the network cable and the address.</source>
        <translation>服务器未及时响应：请检查网线和服务器地址。</translation>
    </message>
    <message>
        <source>The server address cannot be found.</source>
        <translation>找不到该服务器地址。</translation>
    </message>
    <message>
        <source>Cannot connect: {detail}</source>
        <translation>无法连接：{detail}</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Today: …</source>
        <translation>今日受理：…</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <source>Today: {n}</source>
        <translation>今日受理：{n} 件</translation>
    </message>
    <message>
        <source>Checking the database connection…</source>
        <translation>正在检查数据库连接…</translation>
    </message>
    <message>
        <source>Database connected</source>
        <translation>数据库连接正常</translation>
    </message>
    <message>
        <source>Database not reachable</source>
        <translation>无法连接数据库</translation>
    </message>
    <message>
        <source>Database connection lost. Checking again every 2 seconds…</source>
        <translation>数据库连接已中断，每 2 秒重新检测……</translation>
    </message>
    <message>
        <source>Database connection restored.</source>
        <translation>数据库连接已恢复。</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>所交材料</translation>
    </message>
    <message>
        <source>Printed documents</source>
        <translation>打印文书</translation>
    </message>
    <message>
        <source>Choose a record in the list to see it here.</source>
        <translation>在左侧列表中选择一条记录查看详情。</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>The record is correct and complete: mark it reviewed.</source>
        <translation>记录准确、材料齐全：标记为已审核。</translation>
    </message>
    <message>
        <source>What the desk must correct</source>
        <translation>退回原因：需受理人补正的内容</translation>
    </message>
    <message>
        <source>Return for correction</source>
        <translation>退回补正</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>Show full ID number…</source>
        <translation>查看完整证件号…</translation>
    </message>
    <message>
        <source>A reason is required; every look is recorded in the audit trail.</source>
        <translation>须填写事由，每次查看均记入审计日志。</translation>
    </message>
    <message>
        <source>Read-only. The community officer reviews the records; a returned one is corrected on its intake tab.</source>
        <translation>只读。记录由社区民警审核；被退回的记录请在相应受理页补正。</translation>
    </message>
    <message>
        <source>Type what the desk must correct, then press Return for correction.</source>
        <translation>请先填写需补正的内容，再点“退回补正”。</translation>
    </message>
    <message>
        <source>Shown on this screen only, for this login; the look is in the audit trail.</source>
        <translation>仅在本次登录的本屏幕显示；本次查看已记入审计日志。</translation>
    </message>
    <message>
        <source>ID document</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Endorsements</source>
        <translation>签注</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Photo receipt no.</source>
        <translation>相片回执号</translation>
    </message>
    <message>
        <source>Old document no.</source>
        <translation>原证件号码</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证明类型</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>{amount} yuan</source>
        <translation>{amount} 元</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日期</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>本人领取</translation>
    </message>
    <message>
        <source>By post: {address}</source>
        <translation>邮寄：{address}</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>领取方式</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <source>Returned because</source>
        <translation>退回原因</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺</translation>
    </message>
    <message>
        <source>supplement notice</source>
        <translation>补正材料通知书</translation>
    </message>
    <message>
        <source>acceptance receipt</source>
        <translation>受理回执</translation>
    </message>
    <message numerus="yes">
        <source>%n copy(ies) printed</source>
        <translation>
            <numerusform>已打印 %n 份</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing printed yet ({document}).</source>
        <translation>尚未打印（{document}）。</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>已作废。</translation>
    </message>
</context>
<context>
    <name>DocumentPrinter</name>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>%1 has been printed before. The new copy is marked as a reprint with its copy number. Why is it reprinted?</source>
        <translation>%1 已打印过。新的一份将标注“补打”及份数。补打原因：</translation>
    </message>
    <message>
        <source>The original was lost</source>
        <translation>原件遗失</translation>
    </message>
    <message>
        <source>Paper jam or unreadable print</source>
        <translation>打印卡纸或字迹不清</translation>
    </message>
    <message>
        <source>The materials were completed: the receipt replaces the notice</source>
        <translation>材料已补齐，以受理回执替换补正材料通知书</translation>
    </message>
    <message>
        <source>This computer has no default printer. Untick direct printing to choose one.</source>
        <translation>本机没有默认打印机。请取消勾选“直接用默认打印机打印”，在打印对话框中选择打印机。</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <source>%1: copy %2 sent to the printer.</source>
        <translation>%1：第%2份已送打印机。</translation>
    </message>
    <message>
        <source>Copy %1 of %2 is recorded but could not be output: %3</source>
        <translation>%2 第%1份已登记，但未能输出：%3</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
</context>
<context>
    <name>EndorsementRows</name>
    <message>
        <source>Add endorsement</source>
        <translation>添加签注</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ExitEntryForm</name>
    <message>
        <source>New (F2)</source>
        <translation>新建（F2）</translation>
    </message>
    <message>
        <source>Discard changes (Esc)</source>
        <translation>放弃修改（Esc）</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Document and application</source>
        <translation>证件与申请类别</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请类别</translation>
    </message>
    <message>
        <source>Amendment items</source>
        <translation>加注项目数</translation>
    </message>
    <message>
        <source>From the approved photo point</source>
        <translation>由认可照相点出具</translation>
    </message>
    <message>
        <source>Photo receipt no.</source>
        <translation>相片回执号</translation>
    </message>
    <message>
        <source>Old document no.</source>
        <translation>原证件号码</translation>
    </message>
    <message>
        <source>Household registered here (7 working days; elsewhere 20)</source>
        <translation>户籍在本地（7个工作日办结；非户籍地20个工作日）</translation>
    </message>
    <message>
        <source>e.g. tourism to Hong Kong, visiting relatives</source>
        <translation>如：赴港旅游、探亲</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>出境事由</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <source>Endorsements</source>
        <translation>签注</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Under 16: the guardian comes along</source>
        <translation>未满十六周岁：须由监护人陪同</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>Someone else hands in the materials (代办)</source>
        <translation>由他人代为提交材料（代办）</translation>
    </message>
    <message>
        <source>Materials handed over</source>
        <translation>提交材料</translation>
    </message>
    <message>
        <source>Counted from the day the missing materials are brought</source>
        <translation>自材料补齐之日起计算</translation>
    </message>
    <message>
        <source>%1 (recalculated when saved)</source>
        <translation>%1（保存时重新计算）</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>新申请</translation>
    </message>
    <message>
        <source>The receipt number is given when the application is saved.</source>
        <translation>保存后生成回执编号。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Another desk changed this record: choose above how to go on.</source>
        <translation>其他电脑已修改此记录，请在上方选择如何处理。</translation>
    </message>
    <message>
        <source>Changes not saved yet; print after saving.</source>
        <translation>修改尚未保存；保存后再打印。</translation>
    </message>
    <message>
        <source>Returned for missing materials: tick what the applicant brought, then save.</source>
        <translation>已退回待补正：请勾选申请人本次补交的材料，然后保存。</translation>
    </message>
    <message>
        <source>Saved. Ctrl+P prints; F2 starts the next application.</source>
        <translation>已保存。按 Ctrl+P 打印，按 F2 办理下一件。</translation>
    </message>
    <message>
        <source>Proxy: %1</source>
        <translation>代办人：%1</translation>
    </message>
    <message>
        <source>Guardian: %1</source>
        <translation>监护人：%1</translation>
    </message>
    <message>
        <source>Cannot save yet: %1</source>
        <translation>暂不能保存：%1</translation>
    </message>
    <message numerus="yes">
        <source>Can be saved, but %n required material(s) missing: it becomes 已退回 (补正) and the supplement notice is printed.</source>
        <translation>
            <numerusform>可以保存，但缺 %n 项必交材料：保存后为“已退回（待补正）”，打印补正材料通知书。</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>可以保存。</translation>
    </message>
</context>
<context>
    <name>ExitEntryTab</name>
    <message>
        <source>Exit-entry</source>
        <translation>出入境受理</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>待领取</translation>
    </message>
    <message>
        <source>Receipt number, ID number, name or phone</source>
        <translation>回执编号、证件号码、姓名或电话</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Discard the changes in the form?</source>
        <translation>放弃表单中的修改吗？</translation>
    </message>
    <message>
        <source>The form has unsaved changes: save them, or press Esc to discard them first.</source>
        <translation>表单有未保存的修改：请先保存，或按 Esc 放弃修改。</translation>
    </message>
    <message>
        <source>The form has unsaved changes. Discard them?</source>
        <translation>表单有未保存的修改，要放弃吗？</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved as %1. Press Ctrl+P to print.</source>
        <translation>已保存，回执编号 %1。按 Ctrl+P 打印。</translation>
    </message>
    <message>
        <source>Save the application first, then print.</source>
        <translation>请先保存申请，再打印。</translation>
    </message>
    <message>
        <source>Supplement notice</source>
        <translation>补正材料通知书</translation>
    </message>
    <message>
        <source>Exit-entry receipt</source>
        <translation>因私出境证件受理回执</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) shown</source>
        <translation>
            <numerusform>已显示 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>No matching records.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>First-run set-up</source>
        <translation>初始设置</translation>
    </message>
    <message>
        <source>Creating the database…</source>
        <translation>正在创建数据库…</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>Waiting to be handed over</source>
        <translation>待移交的申请（勾选的将放入新批次）</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件种类</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请类别</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料份数</translation>
    </message>
    <message>
        <source>Make a batch of the ticked applications</source>
        <translation>将勾选的申请生成移交批次</translation>
    </message>
    <message>
        <source>Handover batches</source>
        <translation>移交批次</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>已移交</translation>
    </message>
    <message>
        <source>Documents back</source>
        <translation>证件已返回</translation>
    </message>
    <message>
        <source>Print the handover list</source>
        <translation>打印移交清单</translation>
    </message>
    <message>
        <source>Received by (name at the exit-entry window)</source>
        <translation>接收人（出入境窗口经办人姓名）</translation>
    </message>
    <message>
        <source>Documents came back</source>
        <translation>证件已制发返回</translation>
    </message>
    <message>
        <source>One document back on its own: type or scan its receipt</source>
        <translation>单件证件返回：输入或扫描其回执编号</translation>
    </message>
    <message>
        <source>This document came back</source>
        <translation>该件证件已返回</translation>
    </message>
    <message>
        <source>Batch %1 made: print its handover list.</source>
        <translation>已生成批次 %1，请打印移交清单。</translation>
    </message>
    <message>
        <source>Handover list</source>
        <translation>移交清单</translation>
    </message>
    <message>
        <source>%1 handed over.</source>
        <translation>%1 已移交。</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) back: they are on the pickup list.</source>
        <translation>
            <numerusform>%n 件证件已返回，已列入待领取。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is back: it is on the pickup list.</source>
        <translation>%1 已返回，已列入待领取。</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Accepted today</source>
        <translation>今日受理</translation>
    </message>
    <message>
        <source>Awaiting review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Returned for correction</source>
        <translation>退回补正</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>User management</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Station settings</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <source>Database connection</source>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>Ctrl+L locks the screen when you leave the desk.</source>
        <translation>离开座位时，请按 Ctrl+L 锁定屏幕。</translation>
    </message>
    <message>
        <source>Address: {address}</source>
        <translation>地址：{address}</translation>
    </message>
    <message>
        <source>Enquiry phone: {phone}</source>
        <translation>咨询电话：{phone}</translation>
    </message>
    <message>
        <source>Station code {code}, region code {region}</source>
        <translation>站点代码 {code}，行政区划代码 {region}</translation>
    </message>
    <message>
        <source>dddd, MMMM d, yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>, no. {no}</source>
        <translation>，警号 {no}</translation>
    </message>
    <message>
        <source>Logged in: {name} ({role}{police_no})</source>
        <translation>当前用户：{name}（{role}{police_no}）</translation>
    </message>
</context>
<context>
    <name>IntakeListModel</name>
    <message>
        <source>Receipt number</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>受理人</translation>
    </message>
    <message numerus="yes">
        <source>%n material(s) still missing</source>
        <translation>
            <numerusform>尚缺 %n 项材料</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JoinPage</name>
    <message>
        <source>Join the existing database</source>
        <translation>加入现有数据库</translation>
    </message>
    <message>
        <source>This database is already set up: this desk uses it as it is. Nothing is created or changed.</source>
        <translation>该数据库已设置好：本机直接使用，不新建也不修改任何内容。</translation>
    </message>
    <message>
        <source>{n} staff accounts.</source>
        <translation>已有 {n} 个账户。</translation>
    </message>
    <message>
        <source>Station: {names}</source>
        <translation>站点：{names}</translation>
    </message>
    <message>
        <source>After Finish, log in with your own account. No account yet? The station administrator adds it under Administration → Users.</source>
        <translation>点击“完成”后，用您自己的账户登录。还没有账户？请站管理员在“管理 → 用户管理”中添加。</translation>
    </message>
    <message>
        <source>After Finish, choose the station this desk serves in the login window and log in with your own account.</source>
        <translation>点击“完成”后，在登录窗口选择本机服务的站点，再用您自己的账户登录。</translation>
    </message>
    <message>
        <source>The database has no station yet: after Finish, an administrator logs in and creates it.</source>
        <translation>该数据库还没有站点：点击“完成”后，请站管理员登录并创建站点。</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Another staff member may log in here instead (switch user).</source>
        <translation>其他工作人员也可在此登录（切换用户）。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Locked by {name} ({username}).</source>
        <translation>{name}（{username}）锁定了屏幕。</translation>
    </message>
    <message>
        <source>Please enter the user name and the password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>Lock screen</source>
        <translation>锁定屏幕</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>用户管理…</translation>
    </message>
    <message>
        <source>Station settings…</source>
        <translation>站点设置…</translation>
    </message>
    <message>
        <source>Database connection…</source>
        <translation>数据库连接…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>About…</source>
        <translation>关于…</translation>
    </message>
    <message>
        <source>{name} has unsaved input on this desk. {name} must unlock and save or discard it before another user can log in.</source>
        <translation>{name} 在本机还有未保存的内容。请 {name} 先解锁，保存或放弃这些内容后，其他用户才能登录。</translation>
    </message>
    <message>
        <source>The database connection has been saved. This desk keeps working with the current database until you log in again or restart the program.</source>
        <translation>数据库连接已保存。在重新登录或重新启动程序之前，本机仍使用当前数据库。</translation>
    </message>
    <message>
        <source>The change could not be noted in the new database&apos;s audit trail: {reason}</source>
        <translation>此次更改未能记入新数据库的审计日志：{reason}</translation>
    </message>
    <message>
        <source>Database connection saved</source>
        <translation>数据库连接已保存</translation>
    </message>
    <message>
        <source>Log in again now</source>
        <translation>立即重新登录</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>MaterialsTable</name>
    <message>
        <source>All received</source>
        <translation>全部收齐</translation>
    </message>
    <message>
        <source>Tick every required material as received</source>
        <translation>将所有必交材料勾选为已收取</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Need</source>
        <translation>要求</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>%1: form</source>
        <translation>%1：形式</translation>
    </message>
    <message>
        <source>%1: count</source>
        <translation>%1：份数</translation>
    </message>
    <message>
        <source>%1: received</source>
        <translation>%1：已收取</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必交</translation>
    </message>
    <message>
        <source>As needed</source>
        <translation>按需</translation>
    </message>
    <message>
        <source>Choose a business to see its materials.</source>
        <translation>选择业务后显示所需材料。</translation>
    </message>
    <message numerus="yes">
        <source>Required materials missing (%n): %1</source>
        <translation>
            <numerusform>缺少必交材料（%n 项）：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Materials complete</source>
        <translation>材料齐全</translation>
    </message>
</context>
<context>
    <name>MediationTab</name>
    <message>
        <source>Mediation</source>
        <translation>矛盾调解</translation>
    </message>
    <message>
        <source>Case number, party name, phone or ID number</source>
        <translation>案件编号、当事人姓名、电话或证件号码</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Overdue follow-ups only</source>
        <translation>只看回访逾期</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>纠纷类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>调解案件</translation>
    </message>
    <message>
        <source>Monthly statistics</source>
        <translation>月度统计</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>The case number is given when the register is saved.</source>
        <translation>保存登记后生成案件编号。</translation>
    </message>
    <message>
        <source>risk %1</source>
        <translation>风险%1</translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue</source>
        <translation>
            <numerusform>%n 次回访已逾期</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard the changes in the register?</source>
        <translation>放弃案件登记中的修改吗？</translation>
    </message>
    <message>
        <source>The register has unsaved changes: save them, or press Esc to discard them first.</source>
        <translation>案件登记有未保存的修改：请先保存，或按 Esc 放弃修改。</translation>
    </message>
    <message>
        <source>The register has unsaved changes. Discard them?</source>
        <translation>案件登记有未保存的修改，确定放弃吗？</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Registered as %1. Record the sessions and the outcome below.</source>
        <translation>已登记为 %1。请在下方登记调解过程和结果。</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>High risk: a party has 3 or more cases in 12 months.</source>
        <translation>高风险：有当事人近12个月内涉及3起及以上调解案件。</translation>
    </message>
    <message>
        <source>Save or discard the register&apos;s changes first.</source>
        <translation>请先保存或放弃案件登记中的修改。</translation>
    </message>
    <message>
        <source>Check the case, then press again.</source>
        <translation>请核对案件后再操作一次。</translation>
    </message>
    <message>
        <source>Session recorded in %1.</source>
        <translation>%1 已添加调解记录。</translation>
    </message>
    <message>
        <source>Outcome of %1 saved.</source>
        <translation>%1 的调解结果已保存。</translation>
    </message>
    <message>
        <source>Follow-up of %1 scheduled.</source>
        <translation>%1 的回访已安排。</translation>
    </message>
    <message>
        <source>Follow-up visit of %1 recorded.</source>
        <translation>%1 的回访已登记。</translation>
    </message>
    <message>
        <source>Checklist of %1 saved.</source>
        <translation>%1 的卷宗清单已保存。</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Close %1? A closed case can no longer be changed.</source>
        <translation>确定将 %1 结案吗？结案后不能再修改。</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>暂不结案</translation>
    </message>
    <message>
        <source>%1 closed.</source>
        <translation>%1 已结案。</translation>
    </message>
    <message>
        <source>Only an agreed case with its terms saved prints an agreement.</source>
        <translation>只有已达成协议并保存了协议内容的案件才能打印调解协议书。</translation>
    </message>
    <message>
        <source>Mediation agreement</source>
        <translation>调解协议书</translation>
    </message>
    <message>
        <source>High risk</source>
        <translation>高风险</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>显示 %n 起案件</numerusform>
        </translation>
    </message>
    <message>
        <source>No matching cases.</source>
        <translation>没有符合条件的案件。</translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up visit(s) overdue</source>
        <translation>
            <numerusform>%n 次回访已逾期</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PartyRow</name>
    <message>
        <source>Party %1</source>
        <translation>当事人%1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Optional; checked when given</source>
        <translation>可不填；填写时会校验</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
</context>
<context>
    <name>PartyRows</name>
    <message>
        <source>Add party</source>
        <translation>添加当事人</translation>
    </message>
</context>
<context>
    <name>PasswordHint</name>
    <message>
        <source>At least {n} characters, with at least three of: upper-case letters, lower-case letters, digits, symbols.</source>
        <translation>至少 {n} 个字符，并包含大写字母、小写字母、数字、符号中的至少三类。</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>新密码不能与原密码相同。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>✔ The password meets the policy.</source>
        <translation>✔ 密码符合要求。</translation>
    </message>
</context>
<context>
    <name>PersonBox</name>
    <message>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>18 characters; a lower-case x is fine</source>
        <translation>18 位，末位 x 可小写</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Type the whole number again</source>
        <translation>重新输入完整号码</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile, or landline such as 0759-2123456</source>
        <translation>手机号，或固定电话如 0759-2123456</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <source>Household address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <source>Type the whole number again; the person is looked up when it is complete.</source>
        <translation>请重新输入完整号码，输完后自动查询该人员信息。</translation>
    </message>
    <message numerus="yes">
        <source>%n of 18 characters</source>
        <translation>
            <numerusform>已输入 %n/18 位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PickupPage</name>
    <message>
        <source>Documents waiting to be collected</source>
        <translation>待领取的证件</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件种类</translation>
    </message>
    <message>
        <source>Days waiting</source>
        <translation>已等待天数</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>已通知次数</translation>
    </message>
    <message>
        <source>Called (+1)</source>
        <translation>已电话通知（+1）</translation>
    </message>
    <message>
        <source>Type or scan the receipt</source>
        <translation>输入或扫描回执编号</translation>
    </message>
    <message>
        <source>The applicant&apos;s ID number, from the card shown</source>
        <translation>申请人证件号码（以出示的证件为准）</translation>
    </message>
    <message>
        <source>Collected by a proxy</source>
        <translation>由他人代领</translation>
    </message>
    <message>
        <source>Hand over the document</source>
        <translation>发放证件</translation>
    </message>
    <message>
        <source>EMS tracking number, e.g. EA123456789CN</source>
        <translation>EMS 邮件号，如 EA123456789CN</translation>
    </message>
    <message>
        <source>Address and addressee (blank: the address the application gave)</source>
        <translation>收件地址及收件人（留空则用申请时填写的地址）</translation>
    </message>
    <message>
        <source>Sent by EMS</source>
        <translation>已 EMS 寄出</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Proxy&apos;s name</source>
        <translation>代领人姓名</translation>
    </message>
    <message>
        <source>Proxy&apos;s ID number</source>
        <translation>代领人证件号码</translation>
    </message>
    <message>
        <source>EMS</source>
        <translation>EMS 寄递</translation>
    </message>
    <message>
        <source>Post to</source>
        <translation>邮寄至</translation>
    </message>
    <message>
        <source>Waiting more than 80 days: the keeping period is 3 months.</source>
        <translation>已等待超过80天：证件保留期为3个月。</translation>
    </message>
    <message>
        <source>Select a document in the list first.</source>
        <translation>请先在列表中选择证件。</translation>
    </message>
    <message>
        <source>%1 collected.</source>
        <translation>%1 已领取。</translation>
    </message>
    <message>
        <source>%1 sent by EMS.</source>
        <translation>%1 已 EMS 寄出。</translation>
    </message>
</context>
<context>
    <name>PrintOptions</name>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Print straight to the default printer</source>
        <translation>直接用默认打印机打印</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Choose or type a reason</source>
        <translation>选择或填写原因</translation>
    </message>
    <message>
        <source>The reason is kept with the record and in the audit trail.</source>
        <translation>原因将随记录保存，并记入审计日志。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>This computer has no default printer. Untick direct printing to choose one.</source>
        <translation>本机没有默认打印机。请取消勾选“直接用默认打印机打印”，在打印对话框中选择打印机。</translation>
    </message>
    <message>
        <source>{number}: copy {copy} sent to the printer.</source>
        <translation>{number}：第{copy}份已送打印机。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>{number}: copy {copy} saved to {path}.</source>
        <translation>{number}：第{copy}份已保存到 {path}。</translation>
    </message>
    <message>
        <source>Select a record in the list first.</source>
        <translation>请先在列表中选择一条记录。</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>{number} has been printed {copies} time(s). The new copy is marked as a reprint with its copy number. Why is it reprinted?</source>
        <translation>{number} 已打印过 {copies} 份。新的一份将标注“补打”及份数。补打原因：</translation>
    </message>
    <message>
        <source>The original was lost</source>
        <translation>原件遗失</translation>
    </message>
    <message>
        <source>Paper jam or unreadable print</source>
        <translation>打印卡纸或字迹不清</translation>
    </message>
    <message>
        <source>The resident asked for another copy</source>
        <translation>群众要求再出具一份</translation>
    </message>
    <message>
        <source>Copy {copy} of {number} is recorded but could not be output: {reason}</source>
        <translation>{number} 第{copy}份已登记，但未能输出：{reason}</translation>
    </message>
    <message>
        <source>It is marked VOID and is not valid as a receipt.</source>
        <translation>该份标有“作废”，不能作为有效回执。</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Void {number} ({name})? The application and every printed copy become void; any further copy prints with a VOID watermark.</source>
        <translation>确定作废 {number}（{name}）吗？该业务及已打印的各份回执将同时作废，此后再打印均带“作废”水印。</translation>
    </message>
    <message>
        <source>Entered by mistake</source>
        <translation>录入错误</translation>
    </message>
    <message>
        <source>The resident withdrew the application</source>
        <translation>群众撤回申请</translation>
    </message>
    <message>
        <source>Accepted twice</source>
        <translation>重复受理</translation>
    </message>
    <message>
        <source>{number} is void; {copies} printed copies voided with it.</source>
        <translation>{number} 已作废，已打印的 {copies} 份同时作废。</translation>
    </message>
</context>
<context>
    <name>ReceiptsTab</name>
    <message>
        <source>Receipts</source>
        <translation>回执管理</translation>
    </message>
    <message>
        <source>Receipt number, scanned QR code, ID number or name — Enter searches</source>
        <translation>回执编号、扫描二维码、身份证号或姓名，按回车查询</translation>
    </message>
    <message>
        <source>Any day</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>真伪核验</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Print straight to the default printer</source>
        <translation>直接用默认打印机打印</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>版式</translation>
    </message>
    <message>
        <source>Nothing found. Check the number, ID number or name, or choose another day.</source>
        <translation>没有找到。请核对编号、身份证号或姓名，或换一个日期。</translation>
    </message>
    <message>
        <source>{count} shown</source>
        <translation>已显示 {count} 条</translation>
    </message>
    <message>
        <source>Scan the QR code of a receipt to check that it is genuine.</source>
        <translation>扫描回执上的二维码即可核验真伪。</translation>
    </message>
    <message>
        <source>Genuine</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>FORGED</source>
        <translation>伪造</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Cannot show this document: {reason}</source>
        <translation>无法显示该文书：{reason}</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password of {name}</source>
        <translation>重置 {name} 的密码</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>About</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Filter by receipt number, name or business</source>
        <translation>按回执编号、姓名或业务类型筛选</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>受理人</translation>
    </message>
    <message numerus="yes">
        <source>Look at these first: %n exception(s)</source>
        <translation>
            <numerusform>请先查看：异常事项 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>No exceptions today</source>
        <translation>当日无异常事项</translation>
    </message>
    <message>
        <source> ({n} missing)</source>
        <translation>（缺{n}项）</translation>
    </message>
    <message>
        <source>Returned: {reason}</source>
        <translation>退回原因：{reason}</translation>
    </message>
    <message>
        <source>Reviewed by {name}</source>
        <translation>审核人：{name}</translation>
    </message>
    <message>
        <source>No records on this day.</source>
        <translation>当日没有受理记录。</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) on this day</source>
        <translation>
            <numerusform>当日共 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>, {waiting} waiting for review</source>
        <translation>，待审核 {waiting} 件</translation>
    </message>
    <message>
        <source>, {shown} shown</source>
        <translation>，显示 {shown} 件</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>%1 reviewed.</source>
        <translation>%1 已审核通过。</translation>
    </message>
    <message>
        <source>%1 returned to the desk for correction; the desk sees it highlighted.</source>
        <translation>%1 已退回补正，受理人的列表中会突出显示。</translation>
    </message>
    <message>
        <source>Show the full ID number</source>
        <translation>查看完整证件号码</translation>
    </message>
    <message>
        <source>Why do you need the full ID number of {name}? The reason and your name are recorded in the audit trail.</source>
        <translation>为什么需要查看{name}的完整证件号码？事由和您的姓名将记入审计日志。</translation>
    </message>
    <message>
        <source>Checking the applicant&apos;s identity against the ID card</source>
        <translation>核对申请人身份证件</translation>
    </message>
    <message>
        <source>Verifying with the household register system</source>
        <translation>核对户籍信息</translation>
    </message>
    <message>
        <source>Request of the public security organ</source>
        <translation>公安机关工作需要</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>The full number is shown above; this look is recorded.</source>
        <translation>完整号码已在上方显示，本次查看已记录。</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Day review</source>
        <translation>当日审核</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Sign off the day…</source>
        <translation>签结当日…</translation>
    </message>
    <message>
        <source>Print the daily report</source>
        <translation>打印日报</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>工作日期：</translation>
    </message>
    <message>
        <source>Day board</source>
        <translation>当日概况</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>My records</source>
        <translation>我的记录</translation>
    </message>
    <message>
        <source>Export the day…</source>
        <translation>导出当日…</translation>
    </message>
    <message>
        <source>Export the month…</source>
        <translation>导出当月…</translation>
    </message>
    <message>
        <source>An Excel workbook of the intake, ID numbers masked.</source>
        <translation>导出受理登记 Excel 工作簿，证件号码已脱敏。</translation>
    </message>
    <message>
        <source>Signed off by {officer} at {time}; the day&apos;s records are locked.</source>
        <translation>已由{officer}于{time}签结，当日记录已锁定。</translation>
    </message>
    <message>
        <source>Not signed off.</source>
        <translation>未签结。</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) still waiting for review: review or return them before signing off.</source>
        <translation>
            <numerusform>还有 %n 件记录待审核，请审核或退回后再签结。</numerusform>
        </translation>
    </message>
    <message>
        <source>{day} signed off; the figures are frozen and the day is locked. Print the daily report now.</source>
        <translation>{day} 已签结，数据已固定，当日记录已锁定。请打印日报。</translation>
    </message>
    <message>
        <source>Only the community officer prints the daily report.</source>
        <translation>日报由社区民警打印。</translation>
    </message>
    <message>
        <source>Sign the day off first; the daily report prints the frozen figures.</source>
        <translation>请先签结，日报打印签结时固定的数据。</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>工作日报</translation>
    </message>
    <message>
        <source>{code}-intake register-{label}.xlsx</source>
        <translation>{code}-受理登记-{label}.xlsx</translation>
    </message>
    <message>
        <source>Export the month&apos;s intake</source>
        <translation>导出当月受理登记</translation>
    </message>
    <message>
        <source>Export the day&apos;s intake</source>
        <translation>导出当日受理登记</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting the workbook</source>
        <translation>正在导出工作簿</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) exported to {path}</source>
        <translation>
            <numerusform>已导出 %n 条记录到 {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>SignoffDialog</name>
    <message>
        <source>Sign off the day</source>
        <translation>签结当日工作</translation>
    </message>
    <message>
        <source>Signing off {day}: {total} application(s), fees {fees} yuan, {voided} voided, {exceptions} exception(s). The figures are frozen into the daily report and the day is locked: desks can no longer change its records.</source>
        <translation>签结 {day}：受理业务 {total} 件，收费 {fees} 元，作废 {voided} 件，异常事项 {exceptions} 项。签结后数据固定写入日报，当日记录锁定，受理台不能再修改。</translation>
    </message>
    <message>
        <source>Your login password</source>
        <translation>您的登录密码</translation>
    </message>
    <message>
        <source>Optional: printed on the daily report</source>
        <translation>选填：打印在日报上</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>After signing off, print the daily report.</source>
        <translation>签结后请打印日报。</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type your password to sign off.</source>
        <translation>请输入密码后签结。</translation>
    </message>
    <message>
        <source>The comment is too long (at most {n} characters).</source>
        <translation>审核意见过长（最多 {n} 个字）。</translation>
    </message>
</context>
<context>
    <name>StartFlow</name>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>An unexpected error occurred; it has been written to the log file.</source>
        <translation>发生意外错误，详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>&lt;backup file&gt;</source>
        <translation>&lt;备份文件&gt;</translation>
    </message>
    <message>
        <source>Restored from %1. The damaged file is kept as %2.</source>
        <translation>已从 %1 恢复。损坏的文件保留为 %2。</translation>
    </message>
    <message>
        <source>This database has no station yet: an administrator must log in to create it.</source>
        <translation>该数据库尚未设置站点，请由管理员登录后创建。</translation>
    </message>
</context>
<context>
    <name>StartupErrorDialog</name>
    <message>
        <source>The database cannot be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Change database connection…</source>
        <translation>更改数据库连接…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复数据库</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Choose a backup (newest first). It is checked before it replaces anything; the damaged file is kept beside it. An administrator of the station confirms with the password valid in that backup. Everything saved after the backup was taken is not in it.</source>
        <translation>请选择一个备份（最新的在最上面）。恢复前先校验备份，通过后才替换；损坏的文件保留在原处旁边。须由站管理员输入该备份中有效的用户名和密码确认。备份之后保存的内容不在备份中。</translation>
    </message>
    <message>
        <source>No backup was found in the data folder&apos;s backups folder.</source>
        <translation>数据目录的 backups 文件夹中没有找到备份。</translation>
    </message>
    <message>
        <source>On the command line: %1</source>
        <translation>命令行：%1</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>站管理员</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Choose a backup first.</source>
        <translation>请先选择一个备份。</translation>
    </message>
    <message>
        <source>Enter an administrator&apos;s user name and password.</source>
        <translation>请输入站管理员的用户名和密码。</translation>
    </message>
    <message>
        <source>Checking and restoring the backup…</source>
        <translation>正在校验并恢复备份……</translation>
    </message>
</context>
<context>
    <name>StationForm</name>
    <message>
        <source>Station code</source>
        <translation>站点代码</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>站点名称</translation>
    </message>
    <message>
        <source>e.g. Luxia Community Micro Police Station</source>
        <translation>例如 录霞社区微派出所</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>Used in mediation case numbers; empty = derived</source>
        <translation>用于调解案件编号，留空则自动生成</translation>
    </message>
    <message>
        <source>Police station</source>
        <translation>所属派出所</translation>
    </message>
    <message>
        <source>e.g. Xincun Police Station</source>
        <translation>例如 新村派出所</translation>
    </message>
    <message>
        <source>Sub-bureau</source>
        <translation>所属分局</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Enquiry phone</source>
        <translation>咨询电话</translation>
    </message>
    <message>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>The micro police station this desk serves; it is printed on every receipt.</source>
        <translation>本机服务的微派出所，其信息将打印在每张回执上。</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <source>Create the station</source>
        <translation>创建站点</translation>
    </message>
    <message>
        <source>Minimum password length</source>
        <translation>密码最短长度</translation>
    </message>
    <message>
        <source>Failed logins before lockout</source>
        <translation>锁定前允许的失败次数</translation>
    </message>
    <message>
        <source>Lockout (minutes)</source>
        <translation>锁定时长（分钟）</translation>
    </message>
    <message>
        <source>Lock the screen after idle (minutes)</source>
        <translation>空闲锁屏时间（分钟）</translation>
    </message>
    <message>
        <source>These rules apply to every desk of this station.</source>
        <translation>以下规则适用于本站所有电脑。</translation>
    </message>
    <message>
        <source>Station details</source>
        <translation>站点信息</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全设置</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source> year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>统计月份：</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <source>Mediation type</source>
        <translation>调解类型</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态/结果</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Cases registered in the month</source>
        <translation>本月受理的案件</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>{year}-{month}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message numerus="yes">
        <source>{month}: %n case(s) registered, {closed} closed</source>
        <translation>
            <numerusform>{month} 共受理 %n 起，已结案 {closed} 起</numerusform>
        </translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Mediation statistics_{year}-{month}.xlsx</source>
        <translation>矛盾纠纷调解统计_{year}年{month}月.xlsx</translation>
    </message>
    <message>
        <source>Export the monthly statistics</source>
        <translation>导出月度统计</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting the workbook</source>
        <translation>正在导出工作簿</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <source>Edit account</source>
        <translation>编辑账户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Account in use</source>
        <translation>账户启用</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>User management</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Account {name} ({username}) added; the password must be changed at the first login.</source>
        <translation>已添加账户 {name}（{username}），首次登录时须修改密码。</translation>
    </message>
    <message>
        <source>Account {name} ({username}) saved.</source>
        <translation>已保存账户 {name}（{username}）。</translation>
    </message>
    <message>
        <source>Password of {name} ({username}) reset; it must be changed at the next login. A lockout is lifted as well.</source>
        <translation>已重置 {name}（{username}）的密码，下次登录时须修改；账户锁定也已解除。</translation>
    </message>
    <message>
        <source>Account {name} ({username}) unlocked; it can log in again.</source>
        <translation>已解锁账户 {name}（{username}），可以重新登录。</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>WalkinForm</name>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Choose one of the 9 kinds</source>
        <translation>请选择（共 9 种）</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证明类型</translation>
    </message>
    <message>
        <source>e.g. boarding a flight, hotel stay, examination</source>
        <translation>例如 乘坐飞机、酒店住宿、参加考试</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>Someone else applies on the applicant&apos;s behalf (代办)</source>
        <translation>由他人代为申请（代办）</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <source>Materials handed over</source>
        <translation>提交材料</translation>
    </message>
    <message>
        <source>Pickup and notes</source>
        <translation>领取方式及备注</translation>
    </message>
    <message>
        <source>In person at the station</source>
        <translation>到站领取</translation>
    </message>
    <message>
        <source>By post (EMS)</source>
        <translation>邮寄（EMS）</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>领取方式</translation>
    </message>
    <message>
        <source>Post address</source>
        <translation>邮寄地址</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>New (F2)</source>
        <translation>新建（F2）</translation>
    </message>
    <message>
        <source>Discard changes (Esc)</source>
        <translation>放弃修改（Esc）</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Known person. Earlier applications:</source>
        <translation>系统中已有此人。以往办理记录：</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Known person, no earlier applications.</source>
        <translation>系统中已有此人，无以往办理记录。</translation>
    </message>
    <message>
        <source>Counted from the day the missing materials are brought</source>
        <translation>自材料补齐之日起计算</translation>
    </message>
    <message>
        <source>On the spot</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>The receipt number is given when the record is saved.</source>
        <translation>保存后生成回执编号。</translation>
    </message>
    <message>
        <source>missing: %1</source>
        <translation>尚缺：%1</translation>
    </message>
    <message>
        <source>Accepted %1 by %2</source>
        <translation>%2 于 %1 登记</translation>
    </message>
    <message>
        <source>Officer&apos;s note: %1</source>
        <translation>民警审核意见：%1</translation>
    </message>
    <message>
        <source>Print receipt (Ctrl+P)</source>
        <translation>打印回执（Ctrl+P）</translation>
    </message>
    <message>
        <source>Print supplement notice (Ctrl+P)</source>
        <translation>打印补正通知（Ctrl+P）</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Another desk changed this record: choose above how to go on.</source>
        <translation>其他电脑已修改此记录，请在上方选择如何处理。</translation>
    </message>
    <message>
        <source>Proxy: %1</source>
        <translation>代办人：%1</translation>
    </message>
    <message>
        <source>Cannot save yet: %1</source>
        <translation>暂不能保存：%1</translation>
    </message>
    <message numerus="yes">
        <source>Can be saved, but %n required material(s) missing: it becomes 已退回 (补正) and the supplement notice is printed.</source>
        <translation>
            <numerusform>可以保存，但缺 %n 项必交材料：保存后为“已退回（待补正）”，打印补正材料通知书。</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes not saved yet; print after saving.</source>
        <translation>修改尚未保存，请保存后再打印。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>可以保存。</translation>
    </message>
</context>
<context>
    <name>WalkinListPane</name>
    <message>
        <source>Receipt number, ID number, name or phone</source>
        <translation>回执编号、证件号码、姓名或电话</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>All businesses</source>
        <translation>全部业务</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>All staff</source>
        <translation>全部受理人</translation>
    </message>
    <message>
        <source>No matching records.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
    <message>
        <source>To search every day, tick “All dates”.</source>
        <translation>如需查询所有日期，请勾选“全部日期”。</translation>
    </message>
    <message>
        <source>{count} shown, scroll down for more</source>
        <translation>已显示 {count} 条，向下滚动查看更多</translation>
    </message>
    <message>
        <source>Today: {count}</source>
        <translation>今日 {count} 条</translation>
    </message>
    <message>
        <source>{day}: {count}</source>
        <translation>{day}：{count} 条</translation>
    </message>
    <message>
        <source>Records: {count}</source>
        <translation>共 {count} 条</translation>
    </message>
</context>
<context>
    <name>WalkinTab</name>
    <message>
        <source>Walk-in</source>
        <translation>来访受理</translation>
    </message>
    <message>
        <source>The form has unsaved changes: save them, or press Esc to discard them first.</source>
        <translation>表单中有未保存的修改：请先保存，或按 Esc 放弃修改。</translation>
    </message>
    <message>
        <source>Discard the changes in the form?</source>
        <translation>放弃表单中的修改吗？</translation>
    </message>
    <message>
        <source>The form has unsaved changes. Discard them?</source>
        <translation>表单中有未保存的修改，确定放弃吗？</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved as %1 (accepted). Press Ctrl+P to print the receipt.</source>
        <translation>已保存为 %1（已受理）。按 Ctrl+P 打印受理回执。</translation>
    </message>
    <message>
        <source>Saved as %1 (returned for missing materials). Press Ctrl+P to print the notice.</source>
        <translation>已保存为 %1（材料不全，已退回）。按 Ctrl+P 打印补正材料通知书。</translation>
    </message>
    <message>
        <source>Could not look the person up: %1</source>
        <translation>无法查询该人员信息：%1</translation>
    </message>
    <message>
        <source>Save the record first, then print.</source>
        <translation>请先保存记录，再打印。</translation>
    </message>
    <message>
        <source>Acceptance receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Supplement notice</source>
        <translation>补正材料通知书</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>dates</name>
    <message>
        <source>Not chosen</source>
        <translation>未选择</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Please check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <source>Cannot complete</source>
        <translation>无法完成</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>Database unavailable</source>
        <translation>数据库不可用</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>Not saved: the database could not be reached, even after several tries. Everything you typed is still in the form. Save again when the connection light in the status bar turns green.</source>
        <translation>没有保存：多次尝试后仍无法连接数据库。您填写的内容都还在表单中，待状态栏的连接指示灯变绿后再保存一次。</translation>
    </message>
    <message>
        <source>No connection to the database; trying again in %1 s (attempt %2)…</source>
        <translation>无法连接数据库，%1 秒后重试（第 %2 次）……</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>form</name>
    <message>
        <source>What you typed has been kept.</source>
        <translation>您填写的内容已保留。</translation>
    </message>
    <message>
        <source>This value cannot be changed.</source>
        <translation>此项不能修改。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
</TS>
