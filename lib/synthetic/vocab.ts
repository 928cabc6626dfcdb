/**
 * Word lists for realistic Chinese names and the fictional city 临江市 (province abbreviation 江).
 * Every character here is in GBK, so any row can be written to the GBK copy.
 */

/** Common surnames, roughly by frequency (weights are relative). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ["王", 72], ["李", 71], ["张", 68], ["刘", 54], ["陈", 45], ["杨", 31], ["黄", 24], ["赵", 20],
  ["吴", 20], ["周", 19], ["徐", 14], ["孙", 14], ["马", 12], ["朱", 12], ["胡", 11], ["郭", 11],
  ["何", 10], ["林", 10], ["高", 10], ["罗", 9], ["郑", 9], ["梁", 8], ["谢", 7], ["宋", 6],
  ["唐", 6], ["许", 6], ["韩", 6], ["冯", 6], ["邓", 6], ["曹", 5], ["彭", 5], ["曾", 5],
  ["肖", 5], ["田", 5], ["董", 5], ["袁", 4], ["潘", 4], ["于", 4], ["蒋", 4], ["蔡", 4],
  ["余", 4], ["杜", 4], ["叶", 4], ["程", 4], ["苏", 3], ["魏", 3], ["吕", 3], ["丁", 3],
  ["任", 3], ["沈", 3], ["姚", 3], ["卢", 3], ["姜", 3], ["崔", 3], ["钟", 3], ["谭", 3],
  ["陆", 3], ["汪", 3], ["范", 3], ["金", 3], ["石", 3], ["廖", 3], ["贾", 2], ["夏", 2],
  ["韦", 2], ["方", 2], ["白", 2], ["邹", 2], ["孟", 2], ["熊", 2], ["秦", 2], ["邱", 2],
  ["江", 2], ["尹", 2], ["薛", 2], ["段", 2], ["雷", 2], ["侯", 2], ["龙", 2], ["史", 2],
  ["欧阳", 1], ["司马", 0.3], ["诸葛", 0.2],
];

export const MALE_GIVEN = [
  "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
  "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "亮", "成", "建",
  "志", "国", "峰", "东", "海", "文", "永", "新", "春", "生", "德", "明", "金", "庆", "忠", "毅",
  "晨", "博", "然", "泽", "睿", "轩", "子", "一", "天", "振", "立", "家", "荣", "洪", "彬", "兵",
] as const;

export const FEMALE_GIVEN = [
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "燕", "玲", "桂", "兰", "英", "华", "红",
  "梅", "琳", "雪", "婷", "颖", "倩", "洁", "慧", "晶", "丹", "萍", "莉", "佳", "欣", "怡", "悦",
  "蕾", "瑶", "雯", "琴", "云", "凤", "春", "月", "媛", "薇", "思", "雨", "子", "梦", "晓", "小",
] as const;

/** 临江市's districts: the address code used in ID numbers, credit codes and case numbers. */
export interface District {
  name: string;
  /** 6-digit administrative division code. */
  code: string;
  /** Court code in case numbers, e.g. 江0102. */
  courtCode: string;
  court: string;
  justiceBureau: string;
}

export const DISTRICTS: readonly District[] = [
  { name: "东城区", code: "360102", courtCode: "江0102", court: "临江市东城区人民法院", justiceBureau: "临江市东城区司法局" },
  { name: "西城区", code: "360103", courtCode: "江0103", court: "临江市西城区人民法院", justiceBureau: "临江市西城区司法局" },
  { name: "南湖区", code: "360104", courtCode: "江0104", court: "临江市南湖区人民法院", justiceBureau: "临江市南湖区司法局" },
  { name: "北山区", code: "360111", courtCode: "江0111", court: "临江市北山区人民法院", justiceBureau: "临江市北山区司法局" },
  { name: "江滨区", code: "360112", courtCode: "江0112", court: "临江市江滨区人民法院", justiceBureau: "临江市江滨区司法局" },
  { name: "临江县", code: "360121", courtCode: "江0121", court: "临江县人民法院", justiceBureau: "临江县司法局" },
];

export const INTERMEDIATE_COURT = { court: "临江市中级人民法院", courtCode: "江01" } as const;

/** Address codes for people born elsewhere (ID numbers of migrants). */
export const OTHER_REGION_CODES = [
  "110101", "310101", "320102", "330102", "340102", "350102", "370102", "410102", "420102",
  "430102", "440103", "450102", "500103", "510104", "520102", "530102", "610102", "620102",
] as const;

export const ID_REGION_CODES: readonly string[] = [...DISTRICTS.map((d) => d.code), ...DISTRICTS.map((d) => d.code), ...OTHER_REGION_CODES];

export const STREETS = [
  "解放路", "人民路", "中山路", "建设路", "胜利路", "滨江大道", "长江路", "朝阳路", "和平路", "新华路",
  "文化路", "工业大道", "湖滨路", "北京路", "青年路", "光明街", "学府路", "迎宾大道", "民主路", "团结路",
] as const;

export const TOWNSHIPS = ["城关", "江口", "新桥", "白沙", "河西", "东湖", "青山", "石门"] as const;

export const HOSPITALS = [
  "临江市第一人民医院", "临江市第二人民医院", "临江市中医院", "临江市妇幼保健院", "临江市东城区人民医院",
  "临江市南湖区中心医院", "临江县人民医院", "临江仁和医院", "临江康宁医院", "临江市江滨区社区卫生服务中心",
] as const;

export const PRISONS_MALE = ["临江监狱", "江北监狱", "临江市南湖监狱"] as const;
export const PRISON_FEMALE = "临江市女子监狱";

export const INSURERS: readonly (readonly [string, string])[] = [
  ["中国人民财产保险股份有限公司临江市分公司", "RB"],
  ["中国平安财产保险股份有限公司临江中心支公司", "PA"],
  ["中国太平洋财产保险股份有限公司临江中心支公司", "TP"],
  ["中国人寿财产保险股份有限公司临江市中心支公司", "RS"],
  ["中华联合财产保险股份有限公司临江中心支公司", "ZH"],
];

export const COMPANY_WORDS = [
  "恒泰", "华盛", "宏达", "鑫源", "金瑞", "永兴", "东方", "天成", "汇丰", "隆昌", "博远", "嘉禾",
  "瑞丰", "盛世", "新世纪", "江城", "临峰", "富民", "信诚", "联创", "中正", "安泰", "和信", "德隆",
] as const;

export const COMPANY_TRADES = [
  "贸易", "科技", "建筑工程", "房地产开发", "物流", "餐饮管理", "机械制造", "食品", "电子商务",
  "建材", "商贸", "信息技术", "装饰工程", "农业开发", "汽车销售服务", "医药", "文化传媒", "劳务",
] as const;
