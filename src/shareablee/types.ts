/**
 * Shareablee API v1.4 answers, from the documented examples. Fields are optional where the
 * docs' examples and field lists disagree; ids come as numbers in some examples, strings in others.
 */
import type { ShareableeService } from './endpoints.js';

export type Id = string | number;

export interface Point {
  date: string;
  value: number;
}

export interface OffsetPoint {
  date_offset: number;
  value: number;
}

export interface FacebookInfo {
  website?: string;
  about?: string;
  profile_picture?: string;
  display_name?: string;
  description?: string;
  link?: string;
  user_name?: string;
  object_id?: Id;
}

export interface TwitterInfo {
  profile_picture?: string;
  user_name?: string;
  object_id?: Id;
}

export interface InstagramInfo {
  user_name?: string;
  object_id?: Id;
}

export interface ContentPost {
  username?: string;
  entity_id?: Id;
  post_id?: Id;
  content?: string;
  post_url?: string;
  link?: string;
  post_type?: string;
  fans?: number;
  word_count?: number;
  like_count?: number;
  likes_count?: number;
  reactions_count?: number;
  comment_count?: number;
  comments_count?: number;
  share_count?: number;
  shares_count?: number;
  retweet_count?: number;
  total_actions?: number;
  total_actions_percent_fans?: number;
  native_video_views?: number;
  impression_count?: number;
  impressions_percent_fans?: number;
  created_at?: string;
  created_time?: string;
  [field: string]: unknown;
}

export interface UserContent {
  name: string;
  object_id?: Id;
  entity_id?: Id;
  content: ContentPost[];
  /** The next page, as an absolute URL on the API's host; absent or null on the last. */
  next_page?: string | null;
}

export interface FansByCountry {
  code: string;
  percent: number;
  value: number;
  full_name: string;
}

export interface UserMetrics {
  entity_id?: Id;
  name: string;
  object_id?: Id;
  metrics: { [field: string]: number | FansByCountry[] | undefined; fans_by_country?: FansByCountry[] };
}

export type UserTimeSeries = { entity_id?: Id; name: string; object_id?: Id } & { [field: string]: Point[] | Id | undefined };
export type RealtimeUserTimeSeries = { entity_id?: Id; name: string; object_id?: Id } & { [field: string]: OffsetPoint[] | Id | undefined };

export interface OverlapItem {
  /** `'-'`: not available; `'*'`: below the reporting threshold. */
  audience_percent_overlap: number | '-' | '*';
  entity_id?: Id;
  name: string;
  object_id?: Id;
}

export interface OverlapComparison {
  entity_id?: Id;
  object_id?: Id;
  name: string;
  service: 'facebook';
  start_date: string;
  end_date: string;
  results: OverlapItem[];
}

export interface AffinityComparison {
  object_id?: Id;
  name: string;
  service: 'facebook';
  start_date: string;
  end_date: string;
  unique_engaged_users?: number;
  results: { unique_engaged_users?: number; affinity: number; object_id?: Id; name: string }[];
}

export interface PageInsights {
  object: { start: string; end: string; name: string };
  data: Record<string, Record<string, number | Record<string, number>>>;
}

export interface UserCrossPlatform {
  entity_id?: Id;
  name: string;
  facebook?: FacebookInfo;
  twitter?: TwitterInfo;
  instagram?: InstagramInfo;
}

export interface TopContentItem {
  service: ShareableeService;
  fields: ContentPost;
}

export interface UserTopContent {
  entity_id?: Id;
  top_content: TopContentItem[];
}

export interface CategoryTopContent {
  category_id?: Id;
  top_content: TopContentItem[];
}

export interface CategoryMembers {
  object_id?: Id;
  name: string;
  isin?: string;
  members: { entity_id?: Id; name: string; facebook?: FacebookInfo; twitter?: TwitterInfo; instagram?: InstagramInfo }[];
}

export interface CategoryMetrics {
  name: string;
  object_id?: Id;
  isin?: string;
  metrics: Record<string, number>;
}

export type CategoryTimeSeries = { object_id?: Id; name: string } & { [field: string]: Point[] | Id | undefined };

export interface CategoryRanking {
  name: string;
  object_id?: Id;
  isin?: string;
  metric: 'total_actions';
  ranking: { name: string; object_id?: Id; value: number }[];
}

export interface RealtimeCategoryRankings {
  category_id?: Id;
  date: string;
  total_actions?: number;
  fans?: number;
  total_posts?: number;
  members: { entity_id?: Id; total_actions?: number; fans?: number; total_posts?: number; rank?: number; page_score?: number }[];
}

/** `'all'` when every property or category is visible to the token. */
export type MeList = { id: string; name: string }[] | 'all';

export interface FindUser {
  term: string;
  results: { name: string; object_id?: Id; authorized?: 'true' | 'false' | boolean }[];
}

/** What each endpoint answers. */
export interface ShareableeResponses {
  userContent: UserContent;
  userMetrics: UserMetrics;
  userTimeSeries: UserTimeSeries;
  realtimeUserTimeSeries: RealtimeUserTimeSeries;
  userOverlapComparison: OverlapComparison;
  userAffinityComparison: AffinityComparison;
  userOverlapRanking: OverlapComparison;
  userAffinityRanking: AffinityComparison;
  userPageInsights: PageInsights;
  userCrossPlatform: UserCrossPlatform;
  userTopContent: UserTopContent;
  realtimeUserTopContent: UserTopContent;
  categoryMembers: CategoryMembers;
  categoryMetrics: CategoryMetrics;
  categoryTimeSeries: CategoryTimeSeries;
  categoryRanking: CategoryRanking;
  categoryCrossPlatform: CategoryMembers;
  categoryTopContent: CategoryTopContent;
  realtimeCategoryRankings: RealtimeCategoryRankings;
  meProperties: MeList;
  meCategories: MeList;
  meFindUser: FindUser;
}
