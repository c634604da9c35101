// Chinese (zh-CN) first, English as the alternative; the choice is kept in this browser only.
const strings = {
  zh: {
    brand: '基层治理', skip: '跳到主要内容', mainNav: '主导航', signIn: '登录', signOut: '退出',
    inbox: '待办', desk: '部门工作台', dashboard: '数据看板', honourRoll: '光荣榜', track: '事件查询',
    welcome: '欢迎', welcomeText: '单元长、网格员、社区、镇街中心、职能部门和区市领导在此处理群众诉求。居民可凭查询码查看事件进展。',
    noInbox: '您没有待办事项。', inboxOf: '{0} 的待办', deskOf: '{0} 工作台', waiting: '待办 {0} 件', pastDeadline: '已超时 {0} 件',
    nothingWaits: '暂无待办事项。', left: '剩余 {0}', overdueBy: '已超时 {0}', deadline: '截止', failed: '出错了',
    action_review: '待研判', action_acknowledge: '待签收', action_resolve: '待办结',
    event: '事件', status: '状态', stage: '阶段', tier: '层级', round: '轮次', outcome: '结果', reporter: '反映人',
    dispatches: '派单', department: '部门', state: '状态', acknowledgeBy: '签收截止', resolveBy: '办结截止', timeline: '全程留痕',
    review: '研判', note: '备注', dispatchTo: '派单给部门', resolve: '办结', escalate: '上报', dispatch: '派单',
    pickDepartment: '请至少选择一个部门。', report: '部门处理', returnReason: '退回理由（退回时必填）',
    acknowledge: '签收', return: '退回', reasonNeeded: '退回需要填写理由。',
    sent_resolve: '已提交办结。', sent_escalate: '已提交上报。', sent_dispatch: '已提交派单。',
    sent_acknowledged: '已签收。', sent_resolved: '已提交办结。', sent_returned: '已退回。',
    node: '节点', show: '查看', figures: '主要指标', captured: '受理', closed: '办结', closureRate: '办结率', grassrootsShare: '基层化解率',
    openNow: '在办', overdueNow: '超时在办', sharePerTier: '各层级化解占比', breachesPerTier: '各层级超时次数', eventsPerDay: '每日受理（近14天）',
    dashboardOf: '{0} 数据看板', noNode: '您没有可查看的节点。', month: '月份', rank: '名次', unitHead: '单元长', unit: '单元',
    points: '积分', events: '事件数', honourRollOf: '{0} 光荣榜 {1}', nobodyRanked: '本月暂无上榜（需至少 {1} 件）。', notRanked: '另有 {0} 人不足 {1} 件未排名。',
    token: '查询码', follow: '查询', trackText: '输入反映问题时获得的查询码，无需登录。', unknownToken: '查询码无效或事件不存在。',
    status_open: '办理中', status_resolved: '已解决', status_closed: '已关闭',
    stage_awaiting_review: '待研判', 'stage_awaiting-review': '待研判', stage_dispatched: '已派单', stage_done: '已完成', 'stage_awaiting-start': '待启动',
    outcome_fixed: '已解决', 'outcome_no-action-needed': '无需处理', outcome_duplicate: '重复', 'outcome_not-ours': '非本平台事项',
    dispatch_dispatched: '已派单', dispatch_acknowledged: '已签收', dispatch_resolved: '已办结', dispatch_returned: '已退回', dispatch_overdue: '超时', dispatch_withdrawn: '已撤回',
    category_dispute: '矛盾纠纷', category_safety: '安全隐患', category_epidemic: '疫情防控', category_livelihood: '民生诉求', category_environment: '环境', category_other: '其他',
  },
  en: {
    brand: 'Grassroots', skip: 'Skip to content', mainNav: 'Main navigation', signIn: 'Sign in', signOut: 'Sign out',
    inbox: 'Inbox', desk: 'Department desk', dashboard: 'Dashboard', honourRoll: 'Honour roll', track: 'Follow an event',
    welcome: 'Welcome', welcomeText: 'Unit heads, grid workers, communities, street centres, departments and district and city leaders handle residents\u2019 problems here. Residents follow their event with its tracking token.',
    noInbox: 'Nothing waits for you.', inboxOf: 'Inbox of {0}', deskOf: 'Desk of {0}', waiting: '{0} waiting', pastDeadline: '{0} past deadline',
    nothingWaits: 'Nothing waits for you now.', left: '{0} left', overdueBy: 'overdue by {0}', deadline: 'Deadline', failed: 'Failed',
    action_review: 'to review', action_acknowledge: 'to acknowledge', action_resolve: 'to resolve',
    event: 'Event', status: 'Status', stage: 'Stage', tier: 'Tier', round: 'Round', outcome: 'Outcome', reporter: 'Reporter',
    dispatches: 'Dispatches', department: 'Department', state: 'State', acknowledgeBy: 'Acknowledge by', resolveBy: 'Resolve by', timeline: 'Timeline',
    review: 'Review', note: 'Note', dispatchTo: 'Dispatch to departments', resolve: 'Resolve', escalate: 'Escalate', dispatch: 'Dispatch',
    pickDepartment: 'Pick at least one department.', report: 'Department report', returnReason: 'Reason (required to return)',
    acknowledge: 'Acknowledge', return: 'Return', reasonNeeded: 'A return needs a reason.',
    sent_resolve: 'Resolution sent.', sent_escalate: 'Escalation sent.', sent_dispatch: 'Dispatch sent.',
    sent_acknowledged: 'Acknowledged.', sent_resolved: 'Resolution sent.', sent_returned: 'Returned.',
    node: 'Node', show: 'Show', figures: 'Key figures', captured: 'Captured', closed: 'Closed', closureRate: 'Closure rate', grassrootsShare: 'Solved at the grassroots',
    openNow: 'Open now', overdueNow: 'Overdue now', sharePerTier: 'Share solved per tier', breachesPerTier: 'Missed deadlines per tier', eventsPerDay: 'Events per day (last 14 days)',
    dashboardOf: 'Dashboard of {0}', noNode: 'You have no node to look at.', month: 'Month', rank: 'Rank', unitHead: 'Unit head', unit: 'Unit',
    points: 'Points', events: 'Events', honourRollOf: 'Honour roll of {0}, {1}', nobodyRanked: 'Nobody ranked this month (at least {1} events needed).', notRanked: '{0} more with fewer than {1} events are not ranked.',
    token: 'Tracking token', follow: 'Follow', trackText: 'Enter the tracking token you received when you reported the problem. No sign-in needed.', unknownToken: 'Unknown tracking token.',
    status_open: 'Open', status_resolved: 'Resolved', status_closed: 'Closed',
    'stage_awaiting-review': 'Awaiting review', stage_dispatched: 'Dispatched', stage_done: 'Done', 'stage_awaiting-start': 'Starting',
    outcome_fixed: 'Fixed', 'outcome_no-action-needed': 'No action needed', outcome_duplicate: 'Duplicate', 'outcome_not-ours': 'Not ours',
    dispatch_dispatched: 'Dispatched', dispatch_acknowledged: 'Acknowledged', dispatch_resolved: 'Resolved', dispatch_returned: 'Returned', dispatch_overdue: 'Overdue', dispatch_withdrawn: 'Withdrawn',
    category_dispute: 'Dispute', category_safety: 'Safety hazard', category_epidemic: 'Epidemic', category_livelihood: 'Livelihood', category_environment: 'Environment', category_other: 'Other',
  },
};

const tiers = {
  zh: { unit: '单元', grid: '网格', community: '社区', town: '镇街', district: '区县', city: '市' },
  en: { unit: 'Unit', grid: 'Grid', community: 'Community', town: 'Town/street', district: 'District', city: 'City' },
};

const kinds = {
  zh: {
    captured: '采集', arrived: '到达', 'review-requested': '请求研判', 'deadline-reminder': '截止提醒', escalated: '上报', 'deadline-missed': '超时未研判',
    overdue: '超期', resolved: '办结', 'review-rejected': '研判未采纳', dispatched: '派单', 'department-acknowledged': '部门签收',
    'department-resolved': '部门办结', 'department-returned': '部门退回', 'department-overdue': '部门超时', 'department-report-rejected': '部门反馈未采纳',
    'notice-delayed': '通知延迟', repaired: '自动修复', handover: '交接', transferred: '转办', 'duplicate-linked': '关联重复事件',
  },
  en: {},
};

let current = localStorage.getItem('grassroots.language') === 'en' ? 'en' : 'zh';
document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

export function language() {
  return current;
}

export function setLanguage(value) {
  current = value === 'en' ? 'en' : 'zh';
  localStorage.setItem('grassroots.language', current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The string for a key in the current language, with {0}, {1}… filled in; an unknown key shows its fallback or the key. */
export function text(key, ...values) {
  const template = strings[current][key] ?? (values.length === 1 && !(key in strings.zh) ? String(values[0]) : key);
  return template.replace(/\{(\d)\}/g, (_, i) => String(values[Number(i)] ?? ''));
}

export function tierName(tier) {
  return tiers[current][tier] ?? tier ?? '';
}

export function kindName(kind) {
  return kinds[current][kind] ?? kind.replace(/-/g, ' ');
}
