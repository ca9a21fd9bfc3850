"""What goes to a person's phone by KakaoTalk 알림톡 (SMS when that fails): the templates to
register with Kakao, and a booking's reminder filled into them."""
