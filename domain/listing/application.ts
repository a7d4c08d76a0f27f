// 入库申请: an enterprise's request to join the district listing-tutoring pool (区级培育库).

/** 拟上市板块: where the enterprise means to list (the commission tutors towards it). */
export const intendedBoards = {
  sse_main: '上交所主板',
  szse_main: '深交所主板',
  star: '科创板',
  chinext: '创业板',
  bse: '北交所',
  neeq: '新三板',
  chongqing_srdi: '重庆股份转让中心专精特新板',
  overseas: '境外上市',
  undecided: '尚未确定',
} as const;
export type IntendedBoard = keyof typeof intendedBoards;
export const intendedBoardKeys = Object.keys(intendedBoards) as [IntendedBoard, ...IntendedBoard[]];

// 'accepting': reserved by an acceptance that is enrolling the enterprise (moments, or until its retry).
export const listingApplicationStates = { pending: '待审核', accepting: '纳入中', accepted: '已纳入培育库', declined: '未纳入' } as const;
export type ListingApplicationState = keyof typeof listingApplicationStates;
